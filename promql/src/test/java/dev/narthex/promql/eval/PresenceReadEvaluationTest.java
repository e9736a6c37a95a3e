package dev.narthex.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.block.BlockStore;
import dev.narthex.storage.block.BlockWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code count} and {@code group} read their selector for presence only; over blocks (which then skip
 * value decoding) they must answer as over the reference storage, stale markers included.
 */
class PresenceReadEvaluationTest {
    private static final long H = 3600_000L;

    @TempDir
    Path dir;

    @Test
    void countAndGroupOverBlocksMatchTheReference() {
        Random r = new Random(21);
        ReferenceStorage ref = new ReferenceStorage();
        for (long from = 0; from < 4 * H; from += 2 * H) {
            try (BlockWriter w = BlockWriter.open(dir, from, from + 2 * H)) {
                Appender app = ref.appender();
                for (int s = 0; s < 30; s++) {
                    Labels l = Labels.of("__name__", "m", "b", String.format("%02d", s), "g", "g" + (s % 4));
                    SampleBuffer b = new SampleBuffer();
                    double v = s;
                    for (long t = from + 1000L * s; t < from + 2 * H; t += 15_000) {
                        // Runs of samples ended by stale markers, so series come and go within the range.
                        double x = r.nextInt(40) == 0 ? StaleNaN.VALUE : (v += r.nextInt(3) * 0.5);
                        if (r.nextInt(6) == 0 && (t / 600_000) % 3 == s % 3) {
                            continue;
                        }
                        b.add(t, x);
                        app.append(0, l, t, x);
                    }
                    w.add(l, b);
                }
                app.commit();
                w.commit();
            }
        }
        PromqlEngine engine = new PromqlEngine(new EngineOptions(Duration.ofMinutes(5), 50_000_000, Duration.ofMinutes(1)));
        try (BlockStore blocks = BlockStore.open(dir, new BlockStore.Options(1000 * H, 0, 4 << 20))) {
            for (String q : List.of("count by (g) (m)", "group by (g) (m)", "count((m))", "count(count by (b) (m))",
                    "count by (g) (m{b=~\"0.\"})")) {
                List<String> want = dump((Matrix) engine.rangeQuery(ref, q, 0, 4 * H, 60_000, QueryOptions.NONE).value());
                List<String> got = dump((Matrix) engine.rangeQuery(blocks, q, 0, 4 * H, 60_000, QueryOptions.NONE).value());
                assertTrue(want.size() > 0, q);
                assertEquals(want, got, q);
            }
        }
    }

    private static List<String> dump(Matrix m) {
        List<String> out = new ArrayList<>();
        for (SeriesPoints s : m.series()) {
            StringBuilder b = new StringBuilder(s.labels().toString());
            for (int i = 0; i < s.size(); i++) {
                b.append(' ').append(s.timestamps()[i]).append('=').append(s.values()[i]);
            }
            out.add(b.toString());
        }
        return out;
    }
}
