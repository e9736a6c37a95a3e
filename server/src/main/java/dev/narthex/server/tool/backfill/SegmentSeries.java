package dev.narthex.server.tool.backfill;

import dev.narthex.scraper.parse.MetricType;
import java.util.Arrays;

/**
 * The series of one segment of an import, keyed by their raw series bytes as written in the file, so
 * that the steady path neither builds labels nor allocates. Each keeps the metric type in effect where
 * it first appeared (null when no TYPE line preceded it in the segment), the line of its first sample
 * and its samples. Label sets are built once all segments are read, when the types are known.
 * Not thread-safe; one per segment reader.
 */
final class SegmentSeries {
    private byte[] arena = new byte[1 << 16];
    private int arenaLen;
    private int[] keyOffset = new int[256];
    private int[] keyLength = new int[256];
    private int[] keyHash = new int[256];
    private int[] firstLine = new int[256];
    private MetricType[] types = new MetricType[256];
    private SeriesSamples[] samples = new SeriesSamples[256];
    private int count;
    private int[] slots = new int[1024];

    /** The series of the raw series bytes {@code b[from, to)}, or -1 when not seen yet. */
    int find(byte[] b, int from, int to, int hash) {
        int mask = slots.length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask) {
            int k = slots[s] - 1;
            if (k < 0) {
                return -1;
            }
            if (keyHash[k] == hash && Arrays.equals(arena, keyOffset[k], keyOffset[k] + keyLength[k], b, from, to)) {
                return k;
            }
        }
    }

    /** Records new raw series bytes and returns their series. */
    int add(byte[] b, int from, int to, int hash, MetricType type, int line) {
        int len = to - from;
        if (arenaLen + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        }
        System.arraycopy(b, from, arena, arenaLen, len);
        if (count == keyOffset.length) {
            int n = count * 2;
            keyOffset = Arrays.copyOf(keyOffset, n);
            keyLength = Arrays.copyOf(keyLength, n);
            keyHash = Arrays.copyOf(keyHash, n);
            firstLine = Arrays.copyOf(firstLine, n);
            types = Arrays.copyOf(types, n);
            samples = Arrays.copyOf(samples, n);
        }
        int k = count++;
        keyOffset[k] = arenaLen;
        keyLength[k] = len;
        keyHash[k] = hash;
        firstLine[k] = line;
        types[k] = type;
        samples[k] = new SeriesSamples();
        arenaLen += len;
        if (count * 2 > slots.length) {
            slots = new int[slots.length * 2];
            for (int j = 0; j < count; j++) {
                insertSlot(j);
            }
        } else {
            insertSlot(k);
        }
        return k;
    }

    private void insertSlot(int k) {
        int mask = slots.length - 1;
        int s = keyHash[k] & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = k + 1;
    }

    /** Appends a sample to a series; see {@link SeriesSamples#append} for the ordering rules. */
    void append(int series, long t, double v) {
        samples[series].append(t, v);
    }

    int count() {
        return count;
    }

    byte[] arena() {
        return arena;
    }

    int keyOffset(int series) {
        return keyOffset[series];
    }

    int keyLength(int series) {
        return keyLength[series];
    }

    /** The metric type in effect at the series' first sample, or null when the segment had no TYPE line before it. */
    MetricType type(int series) {
        return types[series];
    }

    int firstLine(int series) {
        return firstLine[series];
    }

    SeriesSamples samples(int series) {
        return samples[series];
    }
}
