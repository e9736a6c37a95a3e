package dev.narthex.storage;

/**
 * One selected series: its labels and a way to read its samples. Valid until its querier is closed.
 * Not thread-safe; each evaluating thread reads its own series.
 */
public interface Series {
    Labels labels();

    /**
     * Appends this series' samples with {@code mint <= t <= maxt}, in increasing time order, to {@code out}.
     * The range is clipped to the querier's range. Stale markers are returned as {@link StaleNaN#VALUE}.
     */
    void read(long mint, long maxt, SampleBuffer out);

    /**
     * As {@link #read}, for readers that need which samples exist, not their values (such as
     * {@code count}): appends the timestamps of the samples {@link #read} gives that are not stale markers,
     * with unspecified values and no start timestamps, and lists the stale markers' timestamps with
     * {@link SampleBuffer#addStaleTime}, both in increasing order. Implementations may skip decoding values;
     * the default reads them.
     */
    default void readPresence(long mint, long maxt, SampleBuffer out) {
        int from = out.size();
        read(mint, maxt, out);
        out.moveStaleMarkers(from);
    }
}
