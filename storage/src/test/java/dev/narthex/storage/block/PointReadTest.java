package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of a short window (an instant query's lookback), which decode a piece's values only up to the window's
 * end, give exactly the samples of a whole-block read that fall in the window, at every sample boundary.
 */
class PointReadTest {
    @TempDir
    Path dir;

    private final Random random = new Random(23);

    /** Counters, decimal gauges with stale markers and XOR-coded values; one series spans several pieces. */
    private Block block(long mint, long maxt) {
        try (BlockWriter w = BlockWriter.open(dir, mint, maxt)) {
            for (int s = 0; s < 4; s++) {
                SampleBuffer b = new SampleBuffer();
                double counter = 0;
                long step = s == 3 ? 1_000 : 15_000; // s3 has more samples than one piece holds
                for (long t = mint + s * 7; t < maxt; t += step + (random.nextInt(10) == 0 ? 2 : 0)) {
                    double v = switch (s) {
                        case 0 -> counter += random.nextInt(20);
                        case 1 -> random.nextInt(30) == 0 ? StaleNaN.VALUE : Math.round(random.nextGaussian() * 100) / 10.0;
                        case 2 -> random.nextDouble();
                        default -> counter += 0.5;
                    };
                    b.add(t, v);
                }
                w.add(Labels.of("__name__", "m", "s", Integer.toString(s)), b);
            }
            return Block.open(dir.resolve(w.commit().ulid()), new FrameCache(1 << 20));
        }
    }

    @Test
    void windowReadsEqualTheWindowOfAWholeRead() {
        long maxt = 2 * 3600_000L;
        try (Block b = block(0, maxt); Querier q = b.querier(0, Long.MAX_VALUE)) {
            List<Series> selected = q.select(List.of(Matcher.equal("__name__", "m")));
            assertEquals(4, selected.size());
            SampleBuffer whole = new SampleBuffer();
            SampleBuffer window = new SampleBuffer();
            for (Series s : selected) {
                whole.clear();
                s.read(Long.MIN_VALUE, Long.MAX_VALUE, whole);
                assertTrue(whole.size() > (s.labels().get("s").equals("3") ? BlockWriter.MAX_PIECE_SAMPLES : 100));
                int stride = Math.max(1, whole.size() / 400);
                for (int i = 0; i < whole.size(); i += stride) {
                    long t = whole.timestamp(i);
                    for (long hi : new long[] {t - 1, t, t + 1}) {
                        for (long lo : new long[] {hi - 300_000, hi - 15_000, hi, t}) {
                            window.clear();
                            s.read(lo, hi, window);
                            assertWindow(whole, lo, hi, window, s.labels() + " [" + lo + ", " + hi + "]");
                        }
                    }
                }
            }
        }
    }

    private static void assertWindow(SampleBuffer whole, long lo, long hi, SampleBuffer window, String what) {
        int j = 0;
        for (int i = 0; i < whole.size(); i++) {
            long t = whole.timestamp(i);
            if (t < lo || t > hi) {
                continue;
            }
            assertTrue(j < window.size(), what + ": missing sample at " + t);
            assertEquals(t, window.timestamp(j), what);
            assertEquals(Double.doubleToRawLongBits(whole.value(i)), Double.doubleToRawLongBits(window.value(j)),
                    what + " at " + t);
            j++;
        }
        assertEquals(j, window.size(), what + ": extra samples");
    }
}
