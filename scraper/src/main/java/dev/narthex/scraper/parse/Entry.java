package dev.narthex.scraper.parse;

/** What {@link ExpositionParser#next()} found. */
public enum Entry {
    /** A sample line: raw series bytes, value and optional timestamp are available. */
    SERIES,
    /** A {@code # HELP} line: metric name and help text are available. */
    HELP,
    /** A {@code # TYPE} line: metric name and type are available. */
    TYPE,
    /** An OpenMetrics {@code # UNIT} line: metric name and unit are available. */
    UNIT,
    /** A comment line of the Prometheus text format. */
    COMMENT,
    /** The end of the input (for OpenMetrics: after {@code # EOF}). */
    EOF,
    /**
     * The end of the current chunk when the input is fed in chunks and more chunks follow
     * ({@link OpenMetricsParser#continueWith}); never returned for a single buffer.
     */
    END_OF_CHUNK
}
