package dev.narthex.storage;

import java.util.Arrays;

/**
 * A growable pair of primitive columns (timestamps in milliseconds, float values) that readers fill
 * and evaluators scan. Owned by one thread; reuse it across series by calling {@link #clear()}.
 */
public final class SampleBuffer {
    private long[] timestamps;
    private double[] values;
    private int size;

    public SampleBuffer() {
        this(128);
    }

    public SampleBuffer(int capacity) {
        timestamps = new long[Math.max(1, capacity)];
        values = new double[Math.max(1, capacity)];
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** The backing timestamp array; valid up to {@link #size()} until the next write. */
    public long[] timestamps() {
        return timestamps;
    }

    /** The backing value array; valid up to {@link #size()} until the next write. */
    public double[] values() {
        return values;
    }

    public void add(long t, double v) {
        if (size == timestamps.length) {
            grow(size + 1);
        }
        timestamps[size] = t;
        values[size] = v;
        size++;
    }

    /** Makes room for {@code extra} more samples and returns the index where they start. */
    public int reserve(int extra) {
        if (size + extra > timestamps.length) {
            grow(size + extra);
        }
        return size;
    }

    /** Declares that the caller wrote samples directly into the arrays up to {@code newSize}. */
    public void setSize(int newSize) {
        if (newSize < 0 || newSize > timestamps.length) {
            throw new IllegalArgumentException("size " + newSize + " outside capacity " + timestamps.length);
        }
        size = newSize;
    }

    private void grow(int min) {
        int cap = Math.max(min, timestamps.length + (timestamps.length >> 1) + 8);
        timestamps = Arrays.copyOf(timestamps, cap);
        values = Arrays.copyOf(values, cap);
    }
}
