package dev.narthex.promql.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.StaleNaN;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aggregations folded series by series (more series than one batch, enough steps to split them over the
 * query threads) give exactly the results of aggregating the materialized vector, and range windows that
 * reuse an earlier window's bound agree with instant evaluation at each step.
 */
class SeriesFoldingTest {
    private static final long MIN = 60_000;
    private static final int SERIES = 300;
    private static final long END = 150 * MIN;

    private static final ReferenceStorage STORAGE = new ReferenceStorage();
    private final PromqlEngine engine = new PromqlEngine(new EngineOptions(Duration.ofMinutes(5), 50_000_000, Duration.ofMinutes(1)));

    /** Counters with irregular scrapes, resets, gaps and stale markers, and values whose sums depend on order. */
    @BeforeAll
    static void load() {
        Random r = new Random(7);
        Appender app = STORAGE.appender();
        for (int s = 0; s < SERIES; s++) {
            Labels l = Labels.of("__name__", "c_total", "g", "g" + (s % 7), "s", Integer.toString(s));
            double v = r.nextDouble() * 1e6;
            long t = r.nextInt(30_000);
            while (t <= END) {
                if (r.nextInt(200) == 0) {
                    app.append(0, l, t, StaleNaN.VALUE);
                    t += 6 * MIN; // a gap after a stale marker
                    continue;
                }
                v = r.nextInt(300) == 0 ? r.nextDouble() : v + r.nextDouble() * 1e3 * (1 + s % 5);
                app.append(0, l, t, v);
                t += 10_000 + r.nextInt(10_000);
            }
        }
        for (int s = 0; s < 3; s++) {
            Labels l = Labels.of("__name__", "temperature", "g", "g" + s, "s", "t" + s);
            for (long t = 0; t <= END; t += 15_000) {
                app.append(0, l, t, 20 + r.nextDouble());
            }
        }
        app.commit();
    }

    private Matrix range(String expr, long step) {
        return (Matrix) engine.rangeQuery(STORAGE, expr, 10 * MIN, END, step, QueryOptions.NONE).value();
    }

    @Test
    void foldedAggregationsEqualAggregatingTheMaterializedVector() {
        for (String agg : List.of("sum", "avg", "count", "max", "stddev", "quantile(0.3,")) {
            for (String inner : List.of("c_total", "rate(c_total[2m])", "max_over_time(c_total[150s])")) {
                String open = agg.endsWith(",") ? agg : agg + "(";
                String folded = open + " " + inner + ") by (g)";
                // "* 1" changes no value but makes the argument an expression that is not folded
                String materialized = open + " (" + inner + ") * 1) by (g)";
                assertSameMatrix(range(materialized, 30_000), range(folded, 30_000), folded);
            }
        }
    }

    @Test
    void foldingKeepsTheSampleAccountingAndAnnotations() {
        String inner = "rate({__name__=~\"c_total|temperature\"}[5m])";
        QueryResult folded = engine.rangeQuery(STORAGE, "sum(" + inner + ")", 10 * MIN, END, MIN, QueryOptions.NONE);
        QueryResult materialized = engine.rangeQuery(STORAGE, "sum((" + inner + ") * 1)", 10 * MIN, END, MIN, QueryOptions.NONE);
        assertEquals(materialized.peakSamples(), folded.peakSamples());
        assertEquals(materialized.totalSamples(), folded.totalSamples());
        assertEquals(List.of("PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temperature\""),
            folded.infos());
        assertEquals(materialized.infos(), folded.infos());
    }

    @Test
    void windowsStartingWhereAnEarlierOneEndedAgreeWithInstantEvaluation() {
        for (String f : List.of("rate(%s[2m])", "increase(%s[5m])", "count_over_time(%s[3m])", "max_over_time(%s[150s])",
                "resets(%s[10m])")) {
            String expr = String.format(f, "c_total{s=~\"1.?\"}");
            Matrix m = range(expr, MIN);
            assertEquals(11, m.series().size(), expr);
            int points = 0;
            for (long t = 10 * MIN; t <= END; t += MIN) {
                for (Sample expected : ((Vector) engine.instantQuery(STORAGE, expr, t, QueryOptions.NONE).value()).samples()) {
                    SeriesPoints s = m.series().stream().filter(p -> p.labels().equals(expected.labels())).findFirst().orElseThrow();
                    int i = java.util.Arrays.binarySearch(s.timestamps(), t);
                    assertEquals(expected.value(), s.values()[i], 0.0, expr + " at " + t + " for " + s.labels());
                    points++;
                }
            }
            assertEquals(points, m.series().stream().mapToInt(SeriesPoints::size).sum(), expr + ": no extra points");
        }
    }

    private static void assertSameMatrix(Matrix expected, Matrix actual, String expr) {
        assertEquals(expected.series().size(), actual.series().size(), expr);
        assertFalse(actual.series().isEmpty(), expr);
        for (int i = 0; i < expected.series().size(); i++) {
            SeriesPoints e = expected.series().get(i);
            SeriesPoints a = actual.series().get(i);
            assertEquals(e.labels(), a.labels(), expr);
            assertArrayEquals(e.timestamps(), a.timestamps(), expr);
            assertArrayEquals(e.values(), a.values(), expr + " " + e.labels());
        }
    }
}
