package dev.narthex.promql.value;

import dev.narthex.storage.Labels;

/** A series of a matrix: labels and parallel arrays of timestamps (ms, increasing) and values. */
public record SeriesPoints(Labels labels, long[] timestamps, double[] values) {
    public SeriesPoints {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return timestamps.length;
    }
}
