package dev.narthex.storage.starttime;

import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import java.util.Arrays;

/**
 * The start timestamps of one series: (sample timestamp, start timestamp) pairs in increasing sample-time
 * order, only for the samples that have a start timestamp. It is a side column kept apart from the sample
 * chunks so that a series whose samples never carry one has no instance at all (a null reference in the
 * head, nothing on disk). Readers attach it to decoded samples by timestamp ({@link #fill}), so samples
 * dropped by a range, a tombstone or a merge need no bookkeeping here. Not thread-safe: the owner guards it.
 */
public final class StartTimes {
    private long[] times;
    private long[] startTimes;
    private int size;

    public StartTimes() {
        this(4);
    }

    private StartTimes(int capacity) {
        times = new long[Math.max(1, capacity)];
        startTimes = new long[Math.max(1, capacity)];
    }

    /**
     * The start timestamps of {@code buf}'s samples {@code [from, to)}, or null when none of them has one.
     */
    public static StartTimes of(SampleBuffer buf, int from, int to) {
        if (!buf.hasStartTimes()) {
            return null;
        }
        StartTimes out = null;
        for (int i = from; i < to; i++) {
            long st = buf.startTime(i);
            if (st != 0) {
                if (out == null) {
                    out = new StartTimes();
                }
                out.add(buf.timestamp(i), st);
            }
        }
        return out;
    }

    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public long startTime(int i) {
        return startTimes[i];
    }

    /**
     * Records the start timestamp of the sample at {@code t}. A pair older than the newest one is ignored
     * (a replayed WAL may repeat samples), one at the newest time replaces it. Returns whether it was kept.
     */
    public boolean add(long t, long startTime) {
        if (size > 0) {
            long last = times[size - 1];
            if (t < last) {
                return false;
            }
            if (t == last) {
                startTimes[size - 1] = startTime;
                return true;
            }
        }
        if (size == times.length) {
            int cap = size + (size >> 1) + 4;
            times = Arrays.copyOf(times, cap);
            startTimes = Arrays.copyOf(startTimes, cap);
        }
        times[size] = t;
        startTimes[size] = startTime;
        size++;
        return true;
    }

    /** Sets the start timestamps of {@code out}'s samples {@code [from, out.size())} that have one here. */
    public void fill(SampleBuffer out, int from) {
        int end = out.size();
        if (from >= end || size == 0) {
            return;
        }
        int j = lowerBound(out.timestamp(from));
        for (int i = from; i < end && j < size; i++) {
            long t = out.timestamp(i);
            while (j < size && times[j] < t) {
                j++;
            }
            if (j < size && times[j] == t) {
                out.setStartTime(i, startTimes[j]);
            }
        }
    }

    /** Drops the pairs of samples older than {@code mint}. */
    public void truncateBefore(long mint) {
        int drop = lowerBound(mint);
        if (drop > 0) {
            System.arraycopy(times, drop, times, 0, size - drop);
            System.arraycopy(startTimes, drop, startTimes, 0, size - drop);
            size -= drop;
        }
    }

    /** First index with a sample time at or after {@code t}. */
    private int lowerBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Writes the pairs: count (uvarint), then per pair the sample time as a zig-zag delta from the previous
     * one (the first from 0) and the sample time minus the start time (zig-zag), which is small and often
     * repeats for regular series.
     */
    public void encode(ByteOutput out) {
        out.writeUvarint(size);
        long prev = 0;
        for (int i = 0; i < size; i++) {
            out.writeVarint(times[i] - prev);
            out.writeVarint(times[i] - startTimes[i]);
            prev = times[i];
        }
    }

    /** Reads what {@link #encode} wrote. */
    public static StartTimes decode(ByteInput in) {
        long n = in.readUvarint();
        if (n < 0 || n > in.remaining()) {
            throw new StorageException.Corruption("start timestamp count " + n + " exceeds its record");
        }
        StartTimes out = new StartTimes((int) n);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += in.readVarint();
            long st = t - in.readVarint();
            if (!out.add(t, st) || out.size() != i + 1) {
                throw new StorageException.Corruption("start timestamps are not in increasing sample-time order");
            }
        }
        return out;
    }
}
