package dev.narthex.server.tool.backfill;

import dev.narthex.storage.Labels;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * All samples of an import, per series in growable primitive columns, with a map from the raw series
 * bytes of the exposition to the series index so that the steady path neither builds labels nor
 * allocates. Different spellings of one label set (label order, quoting) share a series. Not thread-safe.
 */
final class SeriesColumns {
    // Raw series keys: bytes in one arena; open addressing over key entries.
    private byte[] arena = new byte[1 << 16];
    private int arenaLen;
    private int[] keyOffset = new int[256];
    private int[] keyLength = new int[256];
    private int[] keyHash = new int[256];
    private int[] keySeries = new int[256];
    private int keyCount;
    private int[] slots = new int[1024];

    private final Map<Labels, Integer> byLabels = new HashMap<>();
    private Labels[] labels = new Labels[256];
    private SeriesSamples[] samples = new SeriesSamples[256];
    private int seriesCount;
    private long sampleCount;

    /** The series index of the raw series bytes {@code b[from, to)}, or -1 when not seen yet. */
    int find(byte[] b, int from, int to, int hash) {
        int mask = slots.length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask) {
            int k = slots[s] - 1;
            if (k < 0) {
                return -1;
            }
            if (keyHash[k] == hash && Arrays.equals(arena, keyOffset[k], keyOffset[k] + keyLength[k], b, from, to)) {
                return keySeries[k];
            }
        }
    }

    /** Records new raw series bytes with their label set and returns the series index. */
    int add(byte[] b, int from, int to, int hash, Labels lset) {
        Integer existing = byLabels.get(lset);
        int series = existing != null ? existing : newSeries(lset);
        int len = to - from;
        if (arenaLen + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        }
        System.arraycopy(b, from, arena, arenaLen, len);
        if (keyCount == keyOffset.length) {
            int n = keyCount * 2;
            keyOffset = Arrays.copyOf(keyOffset, n);
            keyLength = Arrays.copyOf(keyLength, n);
            keyHash = Arrays.copyOf(keyHash, n);
            keySeries = Arrays.copyOf(keySeries, n);
        }
        int k = keyCount++;
        keyOffset[k] = arenaLen;
        keyLength[k] = len;
        keyHash[k] = hash;
        keySeries[k] = series;
        arenaLen += len;
        if (keyCount * 2 > slots.length) {
            rehash();
        } else {
            insertSlot(k);
        }
        return series;
    }

    private int newSeries(Labels lset) {
        if (seriesCount == labels.length) {
            int n = seriesCount * 2;
            labels = Arrays.copyOf(labels, n);
            samples = Arrays.copyOf(samples, n);
        }
        int s = seriesCount++;
        labels[s] = lset;
        samples[s] = new SeriesSamples();
        byLabels.put(lset, s);
        return s;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        for (int k = 0; k < keyCount; k++) {
            insertSlot(k);
        }
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
        if (samples[series].append(t, v)) {
            sampleCount++;
        }
    }

    int seriesCount() {
        return seriesCount;
    }

    long sampleCount() {
        return sampleCount;
    }

    Labels labels(int series) {
        return labels[series];
    }

    SeriesSamples samples(int series) {
        return samples[series];
    }

    /** Series indices sorted by label set, the order blocks are written in. */
    int[] sortedByLabels() {
        Integer[] order = new Integer[seriesCount];
        for (int s = 0; s < seriesCount; s++) {
            order[s] = s;
        }
        Arrays.sort(order, (x, y) -> labels[x].compareTo(labels[y]));
        int[] out = new int[seriesCount];
        for (int s = 0; s < seriesCount; s++) {
            out[s] = order[s];
        }
        return out;
    }
}
