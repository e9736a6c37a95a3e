package dev.narthex.scraper.parse;

import dev.narthex.storage.Labels;

/**
 * A pull parser over an exposition held in a byte array, in the style of Prometheus's
 * {@code textparse.Parser}: {@link #next()} advances to the next entry, then the accessors for that
 * kind of entry describe it.
 *
 * <p>The steady path allocates nothing: a scrape cache maps the raw series bytes
 * ({@link #buffer()}[{@link #seriesStart()}, {@link #seriesEnd()})) to a series reference and reads
 * {@link #value()} and {@link #timestamp()}; {@link #labels()} materializes the label set only when the
 * series is new. Accessors are valid until the next call to {@code next()} or {@code reset}.
 *
 * <p>The parser reads the caller's array in place and never modifies it; the caller must not change the
 * array while parsing. Not thread-safe: one parser per scrape loop, reused through {@code reset}.
 */
public interface ExpositionParser {

    /** Starts parsing {@code buf[off, off+len)} from its first line, forgetting all earlier state. */
    void reset(byte[] buf, int off, int len);

    /**
     * Advances to the next entry.
     *
     * @throws ParseException with Prometheus's error text and the line number on malformed input
     */
    Entry next() throws ParseException;

    /** The array being parsed (the one handed to {@code reset}). */
    byte[] buffer();

    /** Start of the raw series bytes (metric name and label block, as written) of a SERIES entry. */
    int seriesStart();

    /** End (exclusive) of the raw series bytes of a SERIES entry. */
    int seriesEnd();

    /** The sample value of a SERIES entry; NaN is always Prometheus's canonical NaN. */
    double value();

    boolean hasTimestamp();

    /** The sample timestamp in milliseconds; meaningful only when {@link #hasTimestamp()}. */
    long timestamp();

    /** The label set of the current SERIES entry, with escapes resolved; allocates. */
    Labels labels();

    /** The metric name of a HELP, TYPE or UNIT entry, or of a SERIES entry; allocates. */
    String metricName();

    /** The help text of a HELP entry, escapes resolved; allocates. */
    String help();

    /**
     * The type of a TYPE entry; after a SERIES entry, the type of the last TYPE line seen
     * ({@link MetricType#UNKNOWN} when none).
     */
    MetricType type();

    /** The unit of a UNIT entry (OpenMetrics); empty for the text format. */
    String unit();

    /** The whole text of a COMMENT line; allocates. */
    String comment();

    /** Whether the current SERIES entry carries an exemplar (OpenMetrics only). */
    boolean hasExemplar();

    /** The exemplar of the current SERIES entry, or null when it has none; allocates. */
    Exemplar exemplar();

    /** The 1-based line number of the current entry. */
    int line();
}
