package dev.narthex.promql.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.StaleNaN;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code start_timestamp()} over float samples (the float part of upstream's start_timestamps.test). */
class StartTimestampFunctionTest {
    private static final EngineOptions OPTIONS = new EngineOptions(Duration.ofMinutes(5), 10_000, Duration.ofMinutes(1),
            Duration.ofMinutes(1), true);

    private final ReferenceStorage storage = new ReferenceStorage();

    /** Series {@code series{case="a"}}: a sample every 10 s from 10 s with ST offsets (ms) 1, none, 0, -1, -999. */
    private void load() {
        Appender app = storage.appender();
        Labels a = Labels.of("__name__", "series", "case", "a");
        long[] offsets = {1, Long.MIN_VALUE, 0, -1, -999};
        for (int i = 0; i < offsets.length; i++) {
            long t = (i + 1) * 10_000L;
            app.append(0, a, t, offsets[i] == Long.MIN_VALUE ? 0 : t + offsets[i], (i + 1) * 10);
        }
        app.append(0, a, 60_000, 59_000, StaleNaN.VALUE);
        app.commit();
    }

    private Matrix range(PromqlEngine engine, String expr) {
        return (Matrix) engine.rangeQuery(storage, expr, 0, 60_000, 10_000, QueryOptions.NONE).value();
    }

    @Test
    void reportsTheStartOfEachStepsNewestSampleInSeconds() {
        load();
        Matrix m = range(new PromqlEngine(OPTIONS), "start_timestamp(series)");
        assertEquals(1, m.series().size());
        SeriesPoints p = m.series().get(0);
        assertEquals(Labels.of("case", "a"), p.labels(), "the metric name is dropped");
        assertArrayEquals(new long[] {10_000, 20_000, 30_000, 40_000, 50_000}, p.timestamps());
        // unknown ST reads as 0; the stale marker at 60 s ends the series
        assertArrayEquals(new double[] {10.001, 0, 30, 39.999, 49.001}, p.values(), 1e-12);
    }

    @Test
    void givesNothingForExpressionsOrWithStartTimestampsOff() {
        load();
        assertTrue(range(new PromqlEngine(OPTIONS), "start_timestamp(series * 1)").series().isEmpty());
        assertTrue(range(new PromqlEngine(OPTIONS.withStartTimestamps(false)), "start_timestamp(series)").series().isEmpty());
    }
}
