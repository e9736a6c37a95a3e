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

    /**
     * Adds an exemplar to the series {@code ref} (or, when unknown, {@code labels}), which an
     * {@link #append} of this batch or an earlier commit created; it becomes visible on {@link #commit()}.
     * An exemplar identical to the series' newest stored one is ignored. Exemplars without a timestamp in
     * the exposition carry the sample's time in {@code t} and {@code hasTimestamp == false}: two of them
     * are identical when labels and value are, whatever their times (as in Prometheus). {@code
     * exemplarLabels} are kept, not copied. The default stores nothing: storages without exemplar support
     * ignore exemplars and return 0.
     *
     * @return the series reference, or 0 when the exemplar was ignored
     * @throws StorageException.OutOfOrderExemplar an exemplar older than the series' newest stored one
     * @throws StorageException.ExemplarLabelLength labels longer than 128 UTF-8 characters in all
     * @throws StorageException when no series has this reference or these labels
     */
    default long appendExemplar(long ref, Labels labels, Labels exemplarLabels, double value, long t,
                                boolean hasTimestamp) {
        return 0;
    }

    void commit();

    void rollback();
}
