package dev.narthex.storage.wal;

import dev.narthex.storage.Labels;

/** Receives the records of a WAL in log order while it is replayed or read. */
public interface WalHandler {
    /** A series was created with this reference. */
    void series(long ref, Labels labels);

    /** A committed sample; {@code valueBits} are the raw bits of the float. */
    void sample(long ref, long t, long valueBits);

    /**
     * The committed sample at {@code t} of series {@code ref}, delivered just before by {@link #sample},
     * has start timestamp {@code startTime}. Handlers that keep no start timestamps ignore it.
     */
    default void startTime(long ref, long t, long startTime) {
    }

    /** Samples of a series in {@code [mint, maxt]} were deleted. */
    void tombstone(long ref, long mint, long maxt);

    /**
     * A committed exemplar of series {@code ref}; {@code valueBits} are the raw bits of its value. The
     * default ignores it (readers that keep no exemplars).
     */
    default void exemplar(long ref, long t, long valueBits, Labels labels) {
    }
}
