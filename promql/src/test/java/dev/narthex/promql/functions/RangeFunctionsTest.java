package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.LoadedSeries.load;
import static dev.narthex.promql.functions.LoadedSeries.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers from upstream functions.test (line numbers cite that file) and hand calculation. */
class RangeFunctionsTest {
    private static final double EPS = 1e-12;

    /** rate/increase/delta over the plain window (evalMs - rangeMs, evalMs]. */
    private static Double rate(LoadedSeries s, long evalMs, long rangeMs, boolean counter, boolean isRate) {
        int from = s.from(evalMs - rangeMs);
        int to = s.to(evalMs);
        if (!RangeFunctions.extrapolatedRateHasOutput(s.ts, null, from, to, evalMs - rangeMs, counter)) {
            return null;
        }
        return RangeFunctions.extrapolatedRate(s.ts, s.vs, null, from, to, evalMs - rangeMs, evalMs, counter, isRate,
                true);
    }

    private static void near(double expected, Double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12 + EPS);
    }

    @Test
    void resetCountsPrefixAndSkippedScanAgreeWithTheFullScan() {
        double[] vs = {1, 5, 2, 2, 8, 3, 3, 9};
        long[] ts = {10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000};
        int[] counts = new int[vs.length];
        RangeFunctions.resetCounts(vs, ts, null, vs.length, counts);
        assertEquals(List.of(0, 0, 1, 1, 1, 2, 2, 2), Arrays.stream(counts).boxed().toList());
        for (int from = 0; from < vs.length; from++) {
            for (int to = from + 2; to <= vs.length; to++) {
                boolean hasReset = counts[to - 1] != counts[from];
                long start = ts[from] - 5_000;
                long end = ts[to - 1] + 5_000;
                double full = RangeFunctions.extrapolatedRate(ts, vs, null, from, to, start, end, true, true, true);
                double skipped = RangeFunctions.extrapolatedRate(ts, vs, null, from, to, start, end, true, true, hasReset);
                assertEquals(full, skipped, 0.0);
            }
        }
        // the scan is what adds the value before a reset: 2 - 1 + 5 (reset from 5 to 2) over the window
        assertEquals(6.0, RangeFunctions.extrapolatedRate(ts, vs, null, 0, 3, ts[0], ts[2], true, false, true), 0.0);
    }

    @Test
    void increaseExtrapolatesWithZeroPointClamp() {
        // functions.test:122-139
        LoadedSeries foo = load(min(5), "0+10x10");
        LoadedSeries bar = load(min(5), "0+18x5 0+18x5");
        LoadedSeries dings = load(min(5), "10+10x10");
        LoadedSeries bumms = load(min(5), "1+10x10");
        near(100, rate(foo, min(50), min(50), true, false));
        near(160, rate(bar, min(50), min(50), true, false));
        near(100, rate(dings, min(50), min(50), true, false));
        near(100, rate(bumms, min(50), min(50), true, false));
        near(100, rate(foo, min(50), min(100), true, false));
        near(162, rate(bar, min(50), min(100), true, false));
        near(105, rate(dings, min(50), min(100), true, false));
        near(101, rate(bumms, min(50), min(100), true, false));
    }

    @Test
    void increaseAddsBackCounterResets() {
        // functions.test:148-152
        near(7, rate(load(min(5), "0 1 2 3 2 3 4"), min(30), min(30), true, false));
    }

    @Test
    void rateHandlesResetsAndNeedsTwoSamples() {
        // functions.test:157-170
        near(0.08, rate(load(min(5), "0+27x4 0+27x5"), min(50), min(50), true, true));
        LoadedSeries end = load(min(5), "0+10x9 0 10");
        assertEquals(null, rate(end, min(50), min(5), true, true));
        near(0, rate(end, min(50), min(6), true, true));
    }

    @Test
    void ratePerSecondAndOffset() {
        // functions.test:179-185
        near(0.26666666666666666, rate(load(min(5), "0+80x10"), min(50), min(50), true, true));
        near(0.03333333333333333, rate(load(min(5), "0+10x10"), min(45), min(10), true, true));
        near(0.06666666666666667, rate(load(min(5), "0+20x10"), min(45), min(10), true, true));
    }

    @Test
    void rateZeroCutoffAppliesAfterThreshold() {
        // functions.test:189-212
        String[] series = {"0+240x10", "60+240x10", "120+240x10", "180+240x10", "240+240x10", "300+240x10"};
        double[] at10m = {0.5, 0.55, 0.6, 0.6, 0.6, 0.6};
        for (int i = 0; i < series.length; i++) {
            LoadedSeries s = load(min(4), series[i]);
            near(at10m[i], rate(s, min(10), min(20), true, true));
            near(0.6, rate(s, min(50), min(20), true, true));
        }
    }

    @Test
    void deltaIsNotCorrectedForResets() {
        // functions.test:300-303
        near(200, rate(load(min(5), "0 50 100 150 200"), min(20), min(20), false, false));
        near(-200, rate(load(min(5), "200 150 100 50 0"), min(20), min(20), false, false));
    }

    @Test
    void irateAndIdelta() {
        // functions.test:228-236, 330-333
        LoadedSeries foo = load(min(5), "0+10x10");
        LoadedSeries bar = load(min(5), "0+10x5 0+10x5");
        int from = foo.from(0);
        int to = foo.to(min(50));
        assertTrue(RangeFunctions.instantValueHasOutput(foo.ts, from, to));
        near(1.0 / 30, RangeFunctions.instantValue(foo.ts, foo.vs, null, from, to, true));
        // At 30m bar dropped from 50 to 0: a reset, so the last value counts (0 / 300s).
        near(0, RangeFunctions.instantValue(bar.ts, bar.vs, null, bar.from(min(-20)), bar.to(min(30)), true));
        LoadedSeries d = load(min(5), "0 50 100 50");
        near(-50, RangeFunctions.instantValue(d.ts, d.vs, null, 0, 4, false));
        // irate after a reset is the new value over the interval: 5 after 10 over 60s.
        LoadedSeries r = load(60_000, "10 5");
        near(5.0 / 60, RangeFunctions.instantValue(r.ts, r.vs, null, 0, 2, true));
        assertFalse(RangeFunctions.instantValueHasOutput(r.ts, 0, 1));
    }

    @Test
    void irateWithNaN() {
        // functions.test:238-240: 1 NaN NaN 5 11 over [15m1s] gives NaN NaN NaN 0.02
        LoadedSeries s = load(min(5), "1 NaN NaN 5 11");
        double[] expected = {Double.NaN, Double.NaN, Double.NaN, 0.02};
        for (int step = 1; step <= 4; step++) {
            long t = min(5) * step;
            int from = s.from(t - min(15) - 1000);
            int to = s.to(t);
            assertEquals(expected[step - 1], RangeFunctions.instantValue(s.ts, s.vs, null, from, to, true), 1e-12);
        }
    }

    @Test
    void derivAndPredictLinear() {
        // functions.test:365-452
        LoadedSeries total = load(min(5), "0+80x10");
        near(0.26666666666666666, RangeFunctions.deriv(total.ts, total.vs, total.from(0), total.to(min(50))));
        LoadedSeries s = load(min(5), "0+10x4 0+10x5");
        near(0.010606060606060607, RangeFunctions.deriv(s.ts, s.vs, s.from(min(-50)), s.to(min(50))));
        near(70, RangeFunctions.predictLinear(s.ts, s.vs, s.from(0), s.to(min(50)), min(50), 3600));
        // predict_linear(x[55m] @ 3000, 3600) evaluated at 10m: the line at 600s + 3600s.
        int from = s.from(min(50) - min(55));
        int to = s.to(min(50));
        near(76.81818181818181, RangeFunctions.predictLinear(s.ts, s.vs, from, to, min(50), 3600));
        near(51.36363636363637, RangeFunctions.predictLinear(s.ts, s.vs, from, to, min(10), 3600));
        near(89.54545454545455, RangeFunctions.predictLinear(s.ts, s.vs, from, to, min(70), 3600));
        LoadedSeries inf = load(min(5), "-Inf 0+80x10 Inf");
        assertEquals(Double.NaN, RangeFunctions.deriv(inf.ts, inf.vs, inf.from(0), inf.to(min(100))));
        assertEquals(Double.NaN,
                RangeFunctions.predictLinear(inf.ts, inf.vs, inf.from(0), inf.to(min(100)), min(100), 6000));
    }

    @Test
    void constantSeriesRegression() {
        LoadedSeries c = load(60_000, "5 5 5");
        assertEquals(0.0, RangeFunctions.deriv(c.ts, c.vs, 0, 3));
        assertEquals(5.0, RangeFunctions.predictLinear(c.ts, c.vs, 0, 3, 120_000, 100));
        LoadedSeries inf = load(60_000, "Inf Inf");
        assertEquals(Double.NaN, RangeFunctions.deriv(inf.ts, inf.vs, 0, 2));
    }

    @Test
    void resetsAndChanges() {
        // functions.test:1-110
        LoadedSeries foo = load(min(5), "1 2 3 0 1 0 0 1 2 0");
        LoadedSeries bar = load(min(5), "1 2 3 4 5 1 2 3 4 5");
        LoadedSeries biz = load(min(5), "0 0 0 0 0 1 1 1 1 1");
        long t = min(50);
        assertEquals(1, RangeFunctions.resets(foo.vs, foo.ts, null, foo.from(t - min(20)), foo.to(t)));
        assertEquals(2, RangeFunctions.resets(foo.vs, foo.ts, null, foo.from(t - min(32)), foo.to(t)));
        assertEquals(1, RangeFunctions.resets(bar.vs, bar.ts, null, bar.from(t - min(32)), bar.to(t)));
        assertEquals(3, RangeFunctions.resets(foo.vs, foo.ts, null, foo.from(t - min(50)), foo.to(t)));
        assertEquals(0, RangeFunctions.resets(biz.vs, biz.ts, null, biz.from(t - min(50)), biz.to(t)));
        assertEquals(2, RangeFunctions.changes(foo.vs, foo.from(t - min(20)), foo.to(t)));
        assertEquals(4, RangeFunctions.changes(bar.vs, bar.from(t - min(30)), bar.to(t)));
        assertEquals(7, RangeFunctions.changes(foo.vs, foo.from(t - min(50)), foo.to(t)));
        assertEquals(8, RangeFunctions.changes(bar.vs, bar.from(t - min(50)), bar.to(t)));
        assertEquals(1, RangeFunctions.changes(biz.vs, biz.from(t - min(50)), biz.to(t)));
        assertEquals(0, RangeFunctions.changes(foo.vs, foo.from(t - min(6)), foo.to(t)));
        // functions.test:103-110: NaN to NaN is no change.
        LoadedSeries b = load(min(5), "NaN NaN NaN");
        LoadedSeries c = load(min(5), "0 NaN 0");
        assertEquals(0, RangeFunctions.changes(b.vs, 0, 3));
        assertEquals(2, RangeFunctions.changes(c.vs, 0, 3));
    }

    @Test
    void changeCountsArePrefixSumsOfChanges() {
        // 1 1 NaN NaN 2 2 NaN 1: changes at 1->NaN, NaN->2, 2->NaN, NaN->1; NaN->NaN and equal values are none
        double[] vs = {1, 1, Double.NaN, Double.NaN, 2, 2, Double.NaN, 1};
        int[] counts = new int[vs.length];
        RangeFunctions.changeCounts(vs, vs.length, counts);
        assertEquals(List.of(0, 0, 1, 1, 2, 2, 3, 4), Arrays.stream(counts).boxed().toList());
        for (int from = 0; from < vs.length; from++) {
            for (int to = from + 1; to <= vs.length; to++) {
                assertEquals(RangeFunctions.changes(vs, from, to), counts[to - 1] - counts[from], 0.0);
            }
        }
    }

    @Test
    void doubleExponentialSmoothing() {
        // functions.test:886-930
        String[] series = {"0+10x1000 100+30x1000", "0+20x1000 200+30x1000", "0+30x1000 300+80x1000",
            "0+40x2000"};
        double[] expected = {8000, 16000, 24000, 32000};
        for (int i = 0; i < series.length; i++) {
            LoadedSeries s = load(10_000, series[i]);
            long t = 8_000_000;
            int from = s.from(t - 60_000);
            int to = s.to(t);
            near(expected[i], RangeFunctions.doubleExponentialSmoothing(s.vs, from, to, 0.01, 0.1));
        }
        LoadedSeries neg = load(10_000, "0-40x1000 0+40x1000");
        near(-32000, RangeFunctions.doubleExponentialSmoothing(neg.vs, neg.from(8_000_000 - 60_000),
                neg.to(8_000_000), 0.01, 0.1));
        assertTrue(RangeFunctions.invalidSmoothingFactor(1));
        assertTrue(RangeFunctions.invalidSmoothingFactor(0));
        assertFalse(RangeFunctions.invalidSmoothingFactor(Double.NaN));
        assertEquals("invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000",
                RangeFunctions.invalidSmoothingFactorMessage(1));
        assertEquals("invalid trend factor. Expected: 0 < tf < 1, got: -0.500000",
                RangeFunctions.invalidTrendFactorMessage(-0.5));
    }

    @Test
    void durationSecondsMatchesGo() {
        assertEquals(300.0, RangeFunctions.durationSeconds(300_000));
        assertEquals(900.001, RangeFunctions.durationSeconds(900_001));
    }
}
