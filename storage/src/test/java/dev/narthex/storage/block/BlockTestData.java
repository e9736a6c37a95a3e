package dev.narthex.storage.block;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Builds random series, writes them as blocks and mirrors them into a ReferenceStorage. */
final class BlockTestData {
    /** Series label sets mapped to their samples, sorted by labels. */
    final TreeMap<Labels, TreeMap<Long, Double>> series = new TreeMap<>();

    static Labels labels(Random r, int i) {
        return Labels.of("__name__", "metric_" + (i % 7), "job", "job" + (i % 3), "instance", "host-" + i,
            "zone", (i % 5 == 0) ? "" : "z" + (i % 4), "path", "/api/v" + (i % 11));
    }

    /** Random series with samples in [mint, maxt), some with stale markers and odd floats. */
    static BlockTestData random(Random r, int nSeries, long mint, long maxt, int maxSamples) {
        BlockTestData d = new BlockTestData();
        for (int i = 0; i < nSeries; i++) {
            TreeMap<Long, Double> samples = new TreeMap<>();
            int n = 1 + r.nextInt(maxSamples);
            for (int j = 0; j < n; j++) {
                long t = mint + (long) (r.nextDouble() * (maxt - mint));
                double v = switch (r.nextInt(10)) {
                    case 0 -> StaleNaN.VALUE;
                    case 1 -> Double.NaN;
                    case 2 -> -0.0;
                    case 3 -> Double.POSITIVE_INFINITY;
                    default -> Math.round(r.nextGaussian() * 1000) / 10.0;
                };
                samples.put(t, v);
            }
            d.series.put(labels(r, i), samples);
        }
        return d;
    }

    BlockMeta write(Path dir, long mint, long maxt) {
        try (BlockWriter w = BlockWriter.open(dir, mint, maxt)) {
            for (Map.Entry<Labels, TreeMap<Long, Double>> e : series.entrySet()) {
                SampleBuffer buf = new SampleBuffer();
                e.getValue().forEach(buf::add);
                w.add(e.getKey(), buf);
            }
            return w.commit();
        }
    }

    void addTo(ReferenceStorage ref) {
        Appender a = ref.appender();
        series.forEach((l, s) -> s.forEach((t, v) -> a.append(0, l, t, v)));
        a.commit();
    }

    /** Every series' labels and raw sample bits, for exact comparison (NaN payloads included). */
    static List<String> dump(Querier q, List<dev.narthex.storage.Matcher> matchers, long mint, long maxt) {
        List<String> out = new ArrayList<>();
        SampleBuffer buf = new SampleBuffer();
        for (Series s : q.select(matchers)) {
            buf.clear();
            s.read(mint, maxt, buf);
            StringBuilder sb = new StringBuilder(s.labels().toString()).append(':');
            for (int i = 0; i < buf.size(); i++) {
                sb.append(' ').append(buf.timestamp(i)).append('=').append(Long.toHexString(Double.doubleToRawLongBits(buf.value(i))));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
