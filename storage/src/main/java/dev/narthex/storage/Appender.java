package dev.narthex.storage;

/**
 * A batch of samples, applied atomically on {@link #commit()} and discarded on {@link #rollback()}.
 * One appender per thread; many appenders may be open at once (scrape loops, rules, remote write).
 * After commit or rollback the appender must not be reused.
 */
public interface Appender {
    /**
     * Adds a sample. {@code ref} is the series reference a previous call returned for the same labels,
     * or 0 when unknown; the returned reference may be cached by the caller (a scrape cache does).
     *
     * @throws StorageException.OutOfOrder a sample older than the series' newest committed one
     * @throws StorageException.DuplicateTimestamp a different value at an existing timestamp
     * @throws StorageException.OutOfBounds a timestamp too old for the head
     * @throws StorageException.InvalidLabels labels that Prometheus would reject
     */
    long append(long ref, Labels labels, long t, double v);

    /**
     * Adds a sample with its start timestamp {@code startTime} (milliseconds; for a counter the time it
     * started counting from, for a delta the start of its interval; 0 means unknown, exactly as
     * {@link #append(long, Labels, long, double)}). Same contract and errors otherwise. A storage that
     * cannot keep start timestamps stores the sample without it, which is what this default does.
     */
    default long append(long ref, Labels labels, long t, long startTime, double v) {
        return append(ref, labels, t, v);
    }

    void commit();

    void rollback();
}
