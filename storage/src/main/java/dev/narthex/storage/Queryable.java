package dev.narthex.storage;

/** Something that can be queried over a time range. Thread-safe. */
public interface Queryable {
    /** Opens a read view over {@code [mint, maxt]}, both in milliseconds and inclusive. */
    Querier querier(long mint, long maxt);
}
