package dev.narthex.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.StaleNaN;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Focused behaviour of the evaluator: lookback, staleness, offset/@, subqueries, matching, names, limits. */
class PromqlEngineTest {
    private static final long MIN = 60_000;

    private final ReferenceStorage storage = new ReferenceStorage();
    private final PromqlEngine engine = new PromqlEngine(new EngineOptions(Duration.ofMinutes(5), 10_000, Duration.ofMinutes(1)));

    /** Appends {@code values[i]} at {@code i * stepMs}; NaN entries are skipped. */
    private void load(Labels labels, long stepMs, double... values) {
        Appender app = storage.appender();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) || StaleNaN.is(values[i])) {
                app.append(0, labels, i * stepMs, values[i]);
            }
        }
        app.commit();
    }

    private List<Sample> instant(String expr, long t) {
        return ((Vector) engine.instantQuery(storage, expr, t, QueryOptions.NONE).value()).samples();
    }

    private double single(String expr, long t) {
        List<Sample> s = instant(expr, t);
        assertEquals(1, s.size(), () -> expr + " gave " + s);
        return s.get(0).value();
    }

    @Test
    void lookbackWindowIsLeftOpen() {
        load(Labels.of("__name__", "m"), MIN, 1);
        assertEquals(1, single("m", 5 * MIN - 1));
        assertTrue(instant("m", 5 * MIN).isEmpty(), "a sample exactly lookback old is out of the window");
        QueryOptions shortLookback = new QueryOptions(Duration.ofMinutes(1), null);
        assertTrue(((Vector) engine.instantQuery(storage, "m", 2 * MIN, shortLookback).value()).samples().isEmpty());
    }

    @Test
    void staleMarkerEndsTheSeriesAndIsNeverAValue() {
        load(Labels.of("__name__", "m"), MIN, 1, StaleNaN.VALUE, 3);
        assertEquals(1, single("m", MIN - 1));
        assertTrue(instant("m", MIN).isEmpty());
        assertTrue(instant("m", MIN + 30_000).isEmpty());
        assertEquals(3, single("m", 2 * MIN));
        assertEquals(2, single("count_over_time(m[5m])", 2 * MIN), "the stale marker is not a sample of the range");
    }

    @Test
    void offsetAndAtShiftTheReadTime() {
        load(Labels.of("__name__", "m"), MIN, 0, 10, 20, 30, 40);
        assertEquals(20, single("m offset 2m", 4 * MIN));
        assertEquals(40, single("m offset -2m", 2 * MIN));
        assertEquals(10, single("m @ 60", 4 * MIN));
        assertEquals(10, single("m @ 120 offset 1m", 0));
        Matrix r = (Matrix) engine.rangeQuery(storage, "m @ end()", 0, 2 * MIN, MIN, QueryOptions.NONE).value();
        assertEquals(1, r.series().size());
        SeriesPoints p = r.series().get(0);
        assertEquals(3, p.size());
        for (double v : p.values()) {
            assertEquals(20, v, "@ end() reads at the range's end at every step");
        }
    }

    @Test
    void rangeSelectorWindowIsLeftOpenAndRightClosed() {
        load(Labels.of("__name__", "m"), MIN, 1, 2, 3);
        Matrix m = (Matrix) engine.instantQuery(storage, "m[1m]", 2 * MIN, QueryOptions.NONE).value();
        assertEquals(1, m.series().get(0).size());
        assertEquals(2 * MIN, m.series().get(0).timestamps()[0]);
    }

    @Test
    void subqueryStepsAreAlignedToAbsoluteMultiplesOfTheStep() {
        load(Labels.of("__name__", "m"), 10_000, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        // (95s - 60s, 95s] holds the aligned inner steps 40s, 60s and 80s
        assertEquals(3, single("count_over_time(m[60s:20s])", 95_000));
        // (65s, 125s] holds 70s..120s, where m is 7..12
        assertEquals(7 + 8 + 9 + 10 + 11 + 12, single("sum_over_time(m[60s:10s])", 125_000));
        // without a step the engine's default evaluation interval (1m here) is used
        assertEquals(2, single("count_over_time(m[2m:])", 125_000));
        PromqlEngine fine = new PromqlEngine(new EngineOptions(Duration.ofMinutes(5), 10_000, Duration.ofMinutes(1), Duration.ofSeconds(30)));
        assertEquals(4, ((Vector) fine.instantQuery(storage, "count_over_time(m[2m:])", 125_000, QueryOptions.NONE).value()).samples().get(0).value());
    }

    @Test
    void manyToManyMatchingIsRejectedWithPrometheusText() {
        load(Labels.of("__name__", "a", "job", "x", "i", "1"), MIN, 1);
        load(Labels.of("__name__", "b", "job", "x", "i", "1"), MIN, 1);
        load(Labels.of("__name__", "b", "job", "x", "i", "2"), MIN, 1);
        PromqlException e = assertThrows(PromqlException.class, () -> instant("a + on(job) b", 0));
        assertEquals("found duplicate series for the match group {job=\"x\"} on the right hand-side of the operation: "
                + "[b{i=\"1\", job=\"x\"}, b{i=\"2\", job=\"x\"}];many-to-many matching not allowed: matching labels must be unique on one side",
                e.getMessage());
        PromqlException e2 = assertThrows(PromqlException.class, () -> instant("b + on(job) group_right a", 0));
        assertTrue(e2.getMessage().startsWith("found duplicate series for the match group {job=\"x\"} on the left hand-side"), e2.getMessage());
        PromqlException e3 = assertThrows(PromqlException.class, () -> instant("b + ignoring(i) a", 0));
        assertEquals("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", e3.getMessage());
        assertEquals(2, instant("b + ignoring(i) group_left a", 0).size());
    }

    @Test
    void metricNameIsDroppedAtTheEndOnly() {
        load(Labels.of("__name__", "m_total", "job", "x"), MIN, 0, 60, 120);
        assertEquals(Labels.of("job", "x"), instant("m_total + 1", 2 * MIN).get(0).labels());
        assertEquals(Labels.of("__name__", "m_total", "job", "x"), instant("last_over_time(m_total[5m])", 2 * MIN).get(0).labels());
        assertEquals(Labels.of("__name__", "m_total", "job", "x"), instant("m_total > 1", 2 * MIN).get(0).labels());
        // the name is still there for label_replace to copy although rate() marked it for removal
        assertEquals(Labels.of("__name__", "rate_m_total", "job", "x"),
                instant("label_replace(rate(m_total[5m]), \"__name__\", \"rate_$1\", \"__name__\", \"(.+)\")", 2 * MIN).get(0).labels());
    }

    @Test
    void sameLabelsetAfterNameRemovalIsAnError() {
        load(Labels.of("__name__", "a", "job", "x"), MIN, 1);
        load(Labels.of("__name__", "b", "job", "x"), MIN, 2);
        PromqlException e = assertThrows(PromqlException.class, () -> instant("{job=\"x\"} * 2", 0));
        assertEquals("vector cannot contain metrics with the same labelset", e.getMessage());
        assertEquals(2, instant("{job=\"x\"}", 0).size());
    }

    @Test
    void rangeQueryReturnsSortedSeriesWithPointsOnlyWherePresent() {
        load(Labels.of("__name__", "m", "i", "b"), MIN, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 8);
        load(Labels.of("__name__", "m", "i", "a"), MIN, 5);
        Matrix r = (Matrix) engine.rangeQuery(storage, "m", 0, 7 * MIN, MIN, QueryOptions.NONE).value();
        assertEquals(List.of(Labels.of("__name__", "m", "i", "a"), Labels.of("__name__", "m", "i", "b")),
                r.series().stream().map(SeriesPoints::labels).toList());
        assertEquals(5, r.series().get(0).size(), "a: 0m..4m within the lookback");
        assertEquals(List.of(0L, MIN, 2 * MIN, 3 * MIN, 4 * MIN, 7 * MIN), java.util.Arrays.stream(r.series().get(1).timestamps()).boxed().toList());
        Matrix scalar = (Matrix) engine.rangeQuery(storage, "time()", 0, 2 * MIN, MIN, QueryOptions.NONE).value();
        assertEquals(Labels.EMPTY, scalar.series().get(0).labels());
        assertEquals(120, scalar.series().get(0).values()[2]);
    }

    @Test
    void scalarAndStringResults() {
        assertEquals(3, ((Scalar) engine.instantQuery(storage, "1 + 2", 0, QueryOptions.NONE).value()).value());
        PromqlException e = assertThrows(PromqlException.class,
                () -> engine.rangeQuery(storage, "\"x\"", 0, MIN, MIN, QueryOptions.NONE));
        assertEquals("invalid expression type \"string\" for range query, must be Scalar or instant Vector", e.getMessage());
        assertEquals(ErrorType.BAD_DATA, assertThrows(PromqlException.class, () -> instant("sum(", 0)).type());
    }

    @Test
    void tooManySamplesFailsWithPrometheusText() {
        load(Labels.of("__name__", "big"), 1000, new double[200]);
        PromqlEngine small = new PromqlEngine(new EngineOptions(Duration.ofMinutes(5), 120, Duration.ofMinutes(1)));
        PromqlException e = assertThrows(PromqlException.class,
                () -> small.instantQuery(storage, "count_over_time(big[150s])", 199_000, QueryOptions.NONE));
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
        assertEquals(ErrorType.EXECUTION, e.type());
        assertThrows(PromqlException.class, () -> small.instantQuery(storage, "big[150s]", 199_000, QueryOptions.NONE));
        assertThrows(PromqlException.class, () -> small.rangeQuery(storage, "big", 0, 199_000, 1000, QueryOptions.NONE));
        // windows are held one series at a time, as in Prometheus: 50 series of 10-sample windows fit in 120
        for (int i = 0; i < 50; i++) {
            load(Labels.of("__name__", "m", "i", Integer.toString(i)), 1000, new double[20]);
        }
        assertEquals(50, ((Vector) small.instantQuery(storage, "sum_over_time(m[10s])", 19_000, QueryOptions.NONE).value()).samples().size());
    }

    @Test
    void timeoutAndCancellation() {
        load(Labels.of("__name__", "m"), MIN, 1);
        PromqlException timeout = assertThrows(PromqlException.class,
                () -> engine.instantQuery(storage, "m", 0, new QueryOptions(null, Duration.ofNanos(-1))));
        assertEquals("query timed out in query execution", timeout.getMessage());
        assertEquals(ErrorType.TIMEOUT, timeout.type());
        Thread.currentThread().interrupt();
        try {
            PromqlException canceled = assertThrows(PromqlException.class, () -> instant("m", 0));
            assertEquals(ErrorType.CANCELED, canceled.type());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void instantSortKeepsOrderAndRangeSortWarns() {
        load(Labels.of("__name__", "m", "i", "a"), MIN, 3);
        load(Labels.of("__name__", "m", "i", "b"), MIN, 1);
        load(Labels.of("__name__", "m", "i", "c"), MIN, 2);
        assertEquals(List.of("b", "c", "a"), instant("sort(m)", 0).stream().map(s -> s.labels().get("i")).toList());
        assertEquals(List.of("a", "c", "b"), instant("sort_desc(m)", 0).stream().map(s -> s.labels().get("i")).toList());
        QueryResult r = engine.rangeQuery(storage, "sort(m)", 0, MIN, MIN, QueryOptions.NONE);
        assertEquals(List.of("PromQL warning: sort is ineffective for range queries since results are always ordered by labels"), r.warnings());
    }
}
