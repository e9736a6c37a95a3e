package dev.narthex.storage;

import java.util.Arrays;

/**
 * A growable pair of primitive columns (timestamps in milliseconds, float values) that readers fill
 * and evaluators scan. Owned by one thread; reuse it across series by calling {@link #clear()}.
 *
 * <p>An optional third column holds per-sample start timestamps (ST, milliseconds; 0 = unknown, as in
 * Prometheus). It exists only once a reader calls {@link #setStartTime}, so series that never carry
 * an ST cost nothing here; {@link #hasStartTimes()} tells consumers whether to look at it.
 *
 * <p>A presence read ({@link Series#readPresence}) fills only the timestamps of the samples that are not
 * stale markers, and lists the stale markers' timestamps apart ({@link #staleTimes()}), so that neither
 * reader nor consumer touches a value.
 */
public final class SampleBuffer {
    private long[] timestamps;
    private double[] values;
    private int size;
    /** Start timestamps, valid up to {@link #size} while {@link #stActive}; kept allocated across clears. */
    private long[] startTimes;
    private boolean stActive;
    /** Stale markers' timestamps of a presence read, valid up to {@link #staleCount}; kept allocated across clears. */
    private long[] staleTimes = new long[8];
    private int staleCount;

    public SampleBuffer() {
        this(128);
    }

    public SampleBuffer(int capacity) {
        timestamps = new long[Math.max(1, capacity)];
        values = new double[Math.max(1, capacity)];
    }

    public void clear() {
        size = 0;
        stActive = false;
        staleCount = 0;
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
        if (stActive) {
            startTimes[size] = 0;
        }
        size++;
    }

    /** Adds a sample with its start timestamp ({@code 0}: unknown, which adds no ST column). */
    public void add(long t, double v, long startTime) {
        add(t, v);
        if (startTime != 0 || stActive) {
            setStartTime(size - 1, startTime);
        }
    }

    /** Whether some sample since the last {@link #clear()} may carry a start timestamp. */
    public boolean hasStartTimes() {
        return stActive;
    }

    /** The start timestamp of sample {@code i}, 0 when unknown. */
    public long startTime(int i) {
        return stActive ? startTimes[i] : 0;
    }

    /**
     * The backing start-timestamp array, valid up to {@link #size()} until the next write, or null when
     * no sample carries one ({@link #hasStartTimes()} is false).
     */
    public long[] startTimes() {
        return stActive ? startTimes : null;
    }

    /**
     * Sets the start timestamp of sample {@code i < size()}; the first call after {@link #clear()} creates
     * the column with 0 (unknown) for every other sample.
     */
    public void setStartTime(int i, long startTime) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("sample " + i + " of " + size);
        }
        if (!stActive) {
            if (startTimes == null || startTimes.length < timestamps.length) {
                startTimes = new long[timestamps.length];
            } else {
                Arrays.fill(startTimes, 0, size, 0L);
            }
            stActive = true;
        }
        startTimes[i] = startTime;
    }

    /** Lists a stale marker's timestamp (a presence read's), after those listed before it. */
    public void addStaleTime(long t) {
        if (staleCount == staleTimes.length) {
            staleTimes = Arrays.copyOf(staleTimes, staleCount * 2);
        }
        staleTimes[staleCount++] = t;
    }

    /** How many stale markers a presence read listed since the last {@link #clear()}. */
    public int staleCount() {
        return staleCount;
    }

    /** The listed stale markers' timestamps, valid up to {@link #staleCount()} until the next write. */
    public long[] staleTimes() {
        return staleTimes;
    }

    /** Forgets the stale markers listed after the first {@code count}. */
    public void truncateStaleTimes(int count) {
        if (count < 0 || count > staleCount) {
            throw new IllegalArgumentException("stale count " + count + " outside 0.." + staleCount);
        }
        staleCount = count;
    }

    /**
     * Turns samples {@code [from, size())} into a presence read's: stale markers leave the columns for the
     * stale times, the other samples move down in order (start timestamps are dropped with the values' meaning).
     */
    public void moveStaleMarkers(int from) {
        int w = from;
        for (int i = from; i < size; i++) {
            if (StaleNaN.is(values[i])) {
                addStaleTime(timestamps[i]);
            } else {
                timestamps[w] = timestamps[i];
                values[w] = values[i];
                w++;
            }
        }
        size = w;
        stActive = false;
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
        if (stActive && newSize > size) {
            // Samples written straight into the arrays carry no ST unless the writer sets one after.
            Arrays.fill(startTimes, size, newSize, 0L);
        }
        size = newSize;
    }

    private void grow(int min) {
        int cap = Math.max(min, timestamps.length + (timestamps.length >> 1) + 8);
        timestamps = Arrays.copyOf(timestamps, cap);
        values = Arrays.copyOf(values, cap);
        if (startTimes != null) {
            startTimes = Arrays.copyOf(startTimes, cap);
        }
    }
}
