package dev.narthex.server.tool.backfill;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The series of a whole import: the segments' series joined by label set, in file order. A series that
 * continues in a later segment must continue in time order, with the same checks as within a segment.
 * One label set written with different spellings (label order, quoting) in one segment is merged by
 * time. Not thread-safe.
 */
final class ImportedSeries {
    private final Map<Labels, Integer> index = new HashMap<>();
    private final List<Labels> labels = new ArrayList<>();
    private final List<SeriesSamples> samples = new ArrayList<>();
    private int[] lastSegment = new int[256];
    private int segment;

    /** Adds the samples of one segment's series; {@code firstLine} is the file line of its first sample. */
    void add(Labels lset, SeriesSamples part, int firstLine) throws BackfillException {
        Integer existing = index.get(lset);
        if (existing == null) {
            int g = labels.size();
            index.put(lset, g);
            labels.add(lset);
            samples.add(part);
            if (g == lastSegment.length) {
                lastSegment = Arrays.copyOf(lastSegment, g * 2);
            }
            lastSegment[g] = segment;
            return;
        }
        int g = existing;
        try {
            if (lastSegment[g] == segment) {
                samples.set(g, mergeByTime(samples.get(g), part));
            } else {
                appendAll(samples.get(g), part);
            }
        } catch (StorageException e) {
            throw new BackfillException("line " + firstLine + ": " + e.getMessage() + " for series " + lset);
        }
        lastSegment[g] = segment;
    }

    /** Marks the end of a segment's series. */
    void endSegment() {
        segment++;
    }

    private static void appendAll(SeriesSamples into, SeriesSamples part) {
        int n = part.size();
        long[] ts = new long[n];
        double[] vs = new double[n];
        part.copy(0, n, ts, vs);
        for (int k = 0; k < n; k++) {
            into.append(ts[k], vs[k]);
        }
    }

    private static SeriesSamples mergeByTime(SeriesSamples a, SeriesSamples b) {
        int na = a.size();
        int nb = b.size();
        long[] ta = new long[na];
        double[] va = new double[na];
        long[] tb = new long[nb];
        double[] vb = new double[nb];
        a.copy(0, na, ta, va);
        b.copy(0, nb, tb, vb);
        SeriesSamples out = new SeriesSamples();
        int i = 0;
        int j = 0;
        while (i < na || j < nb) {
            if (j == nb || (i < na && ta[i] <= tb[j])) {
                out.append(ta[i], va[i]);
                i++;
            } else {
                out.append(tb[j], vb[j]);
                j++;
            }
        }
        return out;
    }

    int count() {
        return labels.size();
    }

    long sampleCount() {
        long n = 0;
        for (SeriesSamples s : samples) {
            n += s.size();
        }
        return n;
    }

    Labels labels(int series) {
        return labels.get(series);
    }

    SeriesSamples samples(int series) {
        return samples.get(series);
    }

    /** Series indices sorted by label set, the order blocks are written in. */
    int[] sortedByLabels() {
        return IntStream.range(0, labels.size()).boxed()
                .sorted((x, y) -> labels.get(x).compareTo(labels.get(y)))
                .mapToInt(Integer::intValue).toArray();
    }
}
