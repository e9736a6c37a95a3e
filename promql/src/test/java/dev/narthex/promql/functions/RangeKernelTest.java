package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.LoadedSeries.load;
import static dev.narthex.promql.functions.LoadedSeries.min;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.ast.FunctionDef;
import dev.narthex.promql.ast.Functions;
import dev.narthex.promql.value.ValueType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The evaluator's table of range kernels: names, flags, and every kernel's known answer through it. */
class RangeKernelTest {
    @Test
    void namesMatchPromqlFunctions() {
        assertSame(RangeKernel.RATE, RangeKernel.forName("rate"));
        assertSame(RangeKernel.TS_OF_MAX_OVER_TIME, RangeKernel.forName("ts_of_max_over_time"));
        assertSame(RangeKernel.DOUBLE_EXPONENTIAL_SMOOTHING, RangeKernel.forName("double_exponential_smoothing"));
        assertNull(RangeKernel.forName("holt_winters"));
        assertNull(RangeKernel.forName("abs"));
        assertNull(RangeKernel.forName("RATE"));
        int anchored = 0;
        int smoothed = 0;
        for (RangeKernel k : RangeKernel.values()) {
            anchored += k.anchoredSafe() ? 1 : 0;
            smoothed += k.smoothedSafe() ? 1 : 0;
        }
        assertEquals(5, anchored);
        assertEquals(3, smoothed);
        assertEquals("smoothed modifier can only be used with: delta, increase, rate - not with deriv",
                RangeKernel.smoothedNotAllowedMessage("deriv"));
        assertEquals("anchored modifier can only be used with: changes, delta, increase, rate, resets - not with irate",
                RangeKernel.anchoredNotAllowedMessage("irate"));
    }

    @Test
    void everyParserRangeFunctionButAbsentOverTimeHasAKernel() {
        Set<String> parser = new TreeSet<>();
        for (FunctionDef f : Functions.all().values()) {
            if (f.argTypes().contains(ValueType.MATRIX) && !f.name().equals("absent_over_time")) {
                parser.add(f.name());
            }
        }
        Set<String> kernels = new TreeSet<>();
        for (RangeKernel k : RangeKernel.values()) {
            kernels.add(k.functionName());
        }
        assertEquals(parser, kernels);
    }

    @Test
    void flagsFollowPrometheus() {
        Set<RangeKernel> startTimes = Set.of(RangeKernel.RATE, RangeKernel.INCREASE, RangeKernel.IRATE, RangeKernel.RESETS);
        for (RangeKernel k : RangeKernel.values()) {
            assertEquals(startTimes.contains(k), k.usesStartTimes(), k.functionName());
            assertEquals(k == RangeKernel.RATE || k == RangeKernel.INCREASE, k.extrapolatesCounter(), k.functionName());
            assertEquals(k.extrapolatesCounter() || k == RangeKernel.RESETS || k == RangeKernel.CHANGES, k.usesPrefixCounts(),
                    k.functionName());
            assertEquals(k == RangeKernel.FIRST_OVER_TIME || k == RangeKernel.LAST_OVER_TIME, k.keepsMetricName(),
                    k.functionName());
            assertEquals(k == RangeKernel.QUANTILE_OVER_TIME || k == RangeKernel.MAD_OVER_TIME, k.needsScratch(),
                    k.functionName());
        }
    }

    @Test
    void everyKernelsKnownAnswer() {
        // 0, 1, 4 at 0 s, 10 s, 20 s; range (-5 s, 25 s], evaluated at 20 s; p0 = 0.75 (quantile) or 60 (predict_linear)
        LoadedSeries s = load(10_000, "0 1 4");
        Map<RangeKernel, Double> expected = new EnumMap<>(RangeKernel.class);
        // counter: no extrapolation below zero (first value 0), 5 s to the end: 4 * 25 / 20
        expected.put(RangeKernel.INCREASE, 5.0);
        expected.put(RangeKernel.RATE, 5.0 / 30);
        // gauge: 5 s on both sides
        expected.put(RangeKernel.DELTA, 6.0);
        expected.put(RangeKernel.IRATE, 0.3);
        expected.put(RangeKernel.IDELTA, 3.0);
        // least squares over x = 0, 10, 20 and y = 0, 1, 4: slope 40 / 200
        expected.put(RangeKernel.DERIV, 0.2);
        // the line at 20 s is 5/3 + 0.2 * 10, then 60 s on
        expected.put(RangeKernel.PREDICT_LINEAR, 11.0 / 3 + 12);
        // sf = tf = 0.5: s = 0, 1, 3
        expected.put(RangeKernel.DOUBLE_EXPONENTIAL_SMOOTHING, 3.0);
        expected.put(RangeKernel.RESETS, 0.0);
        expected.put(RangeKernel.CHANGES, 2.0);
        expected.put(RangeKernel.AVG_OVER_TIME, 5.0 / 3);
        expected.put(RangeKernel.SUM_OVER_TIME, 5.0);
        expected.put(RangeKernel.COUNT_OVER_TIME, 3.0);
        expected.put(RangeKernel.MIN_OVER_TIME, 0.0);
        expected.put(RangeKernel.MAX_OVER_TIME, 4.0);
        expected.put(RangeKernel.FIRST_OVER_TIME, 0.0);
        expected.put(RangeKernel.LAST_OVER_TIME, 4.0);
        expected.put(RangeKernel.PRESENT_OVER_TIME, 1.0);
        // squared deviations from 5/3: 25/9 + 4/9 + 49/9, over 3
        expected.put(RangeKernel.STDVAR_OVER_TIME, 26.0 / 9);
        expected.put(RangeKernel.STDDEV_OVER_TIME, Math.sqrt(26.0 / 9));
        // rank 1.5 between 1 and 4
        expected.put(RangeKernel.QUANTILE_OVER_TIME, 2.5);
        // median 1, deviations 1, 0, 3
        expected.put(RangeKernel.MAD_OVER_TIME, 1.0);
        expected.put(RangeKernel.TS_OF_MIN_OVER_TIME, 0.0);
        expected.put(RangeKernel.TS_OF_MAX_OVER_TIME, 20.0);
        expected.put(RangeKernel.TS_OF_FIRST_OVER_TIME, 0.0);
        expected.put(RangeKernel.TS_OF_LAST_OVER_TIME, 20.0);
        assertEquals(Set.of(RangeKernel.values()), expected.keySet());
        for (RangeKernel k : RangeKernel.values()) {
            double p0 = k == RangeKernel.PREDICT_LINEAR ? 60 : k == RangeKernel.QUANTILE_OVER_TIME ? 0.75 : 0.5;
            // two steps over the same range: an empty window, then all three samples
            double[] out = {-1, -1};
            boolean[] present = new boolean[2];
            k.evaluate(s.ts, s.vs, null, new int[] {0, 0}, new int[] {0, 3}, new long[] {25_000, 25_000}, 30_000,
                    new long[] {20_000, 20_000}, new double[] {p0, p0}, new double[] {0.5, 0.5}, null, new double[3], out,
                    present);
            assertArrayEquals(new boolean[] {false, true}, present, k.functionName());
            assertEquals(expected.get(k), out[1], 1e-12, k.functionName());
            assertEquals(-1, out[0], k.functionName());
        }
        // the kernels sort a scratch copy, never the caller's samples
        assertArrayEquals(new double[] {0, 1, 4}, s.vs);
    }

    @Test
    void oneCallPerSeriesEqualsOneWindowPerStep() {
        // a counter with resets, a 1m range every 20 s with per-step parameters, as the evaluator calls it
        LoadedSeries s = load(15_000, "1+1x4 2+3x6 0+10x5 _x3 7 7 NaN 3");
        int n = s.ts.length;
        int steps = 24;
        long range = 60_000;
        long[] windowEnd = new long[steps];
        long[] evalTimes = new long[steps];
        int[] lo = new int[steps];
        int[] hi = new int[steps];
        double[] p0 = new double[steps];
        double[] p1 = new double[steps];
        for (int i = 0; i < steps; i++) {
            windowEnd[i] = i * 20_000L;
            evalTimes[i] = windowEnd[i] + 1_000;
            lo[i] = s.from(windowEnd[i] - range);
            hi[i] = s.to(windowEnd[i]);
            p0[i] = 0.1 + i * 0.03;
            p1[i] = 0.9 - i * 0.03;
        }
        int emitted = 0;
        for (RangeKernel k : RangeKernel.values()) {
            int[] counts = null;
            if (k.usesPrefixCounts()) {
                counts = new int[n];
                k.prefixCounts(s.vs, s.ts, null, n, counts);
            }
            double[] out = new double[steps];
            boolean[] present = new boolean[steps];
            k.evaluate(s.ts, s.vs, null, lo, hi, windowEnd, range, evalTimes, p0, p1, counts, new double[n], out, present);
            for (int i = 0; i < steps; i++) {
                double[] one = new double[1];
                boolean expected = OneWindow.plain(k, s.ts, s.vs, null, lo[i], hi[i], windowEnd[i] - range, windowEnd[i],
                        evalTimes[i], p0[i], p1[i], null, one);
                assertEquals(expected, present[i], k + " step " + i);
                if (expected) {
                    assertEquals(one[0], out[i], 0.0, k + " step " + i);
                    emitted++;
                }
            }
        }
        assertTrue(emitted > 400, "emitted " + emitted);
    }

    @Test
    void noOutputWindows() {
        LoadedSeries s = load(10_000, "0 1 4");
        Set<RangeKernel> needTwo = Set.of(RangeKernel.RATE, RangeKernel.INCREASE, RangeKernel.DELTA, RangeKernel.IRATE,
                RangeKernel.IDELTA, RangeKernel.DERIV, RangeKernel.PREDICT_LINEAR, RangeKernel.DOUBLE_EXPONENTIAL_SMOOTHING);
        double[] out = new double[1];
        for (RangeKernel k : RangeKernel.values()) {
            assertFalse(OneWindow.plain(k, s.ts, s.vs, null, 1, 1, 0, 30_000, 30_000, 0.5, 0.5, null, out),
                    k.functionName());
            boolean one = OneWindow.plain(k, s.ts, s.vs, null, 2, 3, 10_000, 30_000, 30_000, 0.5, 0.5, null, out);
            assertEquals(!needTwo.contains(k), one, k.functionName());
        }
        // irate and idelta need two distinct timestamps
        long[] same = {10_000, 10_000};
        double[] vs = {1, 2};
        assertFalse(OneWindow.plain(RangeKernel.IRATE, same, vs, null, 0, 2, 0, 30_000, 30_000, 0, 0, null, out));
        assertTrue(OneWindow.plain(RangeKernel.DERIV, same, vs, null, 0, 2, 0, 30_000, 30_000, 0, 0, null, out));
    }

    @Test
    void resetPrefixCountsGiveTheSameRatesAsAScan() {
        LoadedSeries s = load(15_000, "1+1x4 2+3x6 0+10x5");
        int n = s.ts.length;
        int[] resets = new int[n];
        RangeFunctions.resetCounts(s.vs, s.ts, null, n, resets);
        double[] scanned = new double[1];
        double[] prefixed = new double[1];
        for (int lo = 0; lo < n; lo++) {
            for (int hi = lo + 2; hi <= n; hi++) {
                long start = s.ts[lo] - 7_000;
                long end = s.ts[hi - 1] + 3_000;
                for (RangeKernel k : new RangeKernel[] {RangeKernel.RATE, RangeKernel.INCREASE}) {
                    assertTrue(OneWindow.plain(k, s.ts, s.vs, null, lo, hi, start, end, end, 0, 0, null, scanned));
                    assertTrue(OneWindow.plain(k, s.ts, s.vs, null, lo, hi, start, end, end, 0, 0, resets, prefixed));
                    assertEquals(scanned[0], prefixed[0], 0.0, k + " [" + lo + ", " + hi + ")");
                }
            }
        }
        // the drops 5 -> 2 and 20 -> 0
        double[] out = new double[1];
        assertTrue(OneWindow.plain(RangeKernel.RESETS, s.ts, s.vs, null, 0, n, 0, s.ts[n - 1], s.ts[n - 1], 0, 0, null,
                out));
        assertEquals(2, out[0]);
    }

    @Test
    void prefixCountsEqualTheWindowScanOnRandomSeries() {
        RangeKernel[] kernels = {RangeKernel.RESETS, RangeKernel.CHANGES, RangeKernel.RATE, RangeKernel.INCREASE};
        Random r = new Random(42);
        int compared = 0;
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(40);
            long[] ts = new long[n];
            double[] vs = new double[n];
            long[] st = randomSeries(r, ts, vs);
            int windows = n * (n + 1) / 2;
            int[] lo = new int[windows];
            int[] hi = new int[windows];
            long[] windowEnd = new long[windows];
            int w = 0;
            for (int from = 0; from < n; from++) {
                for (int to = from + 1; to <= n; to++) {
                    lo[w] = from;
                    hi[w] = to;
                    windowEnd[w++] = ts[to - 1] + r.nextInt(20_000);
                }
            }
            long range = 30_000 + r.nextInt(600_000);
            for (long[] starts : new long[][] {null, st}) {
                for (RangeKernel k : kernels) {
                    int[] counts = new int[n];
                    k.prefixCounts(vs, ts, starts, n, counts);
                    double[] scanned = new double[windows];
                    boolean[] scannedPresent = new boolean[windows];
                    double[] prefixed = new double[windows];
                    boolean[] prefixedPresent = new boolean[windows];
                    k.evaluate(ts, vs, starts, lo, hi, windowEnd, range, windowEnd, null, null, null, null, scanned,
                            scannedPresent);
                    k.evaluate(ts, vs, starts, lo, hi, windowEnd, range, windowEnd, null, null, counts, null, prefixed,
                            prefixedPresent);
                    assertArrayEquals(scannedPresent, prefixedPresent, k.functionName());
                    for (int i = 0; i < windows; i++) {
                        assertEquals(scanned[i], prefixed[i], 0.0, k + " round " + round + " [" + lo[i] + ", " + hi[i] + ")");
                    }
                    compared += windows;
                }
            }
        }
        assertTrue(compared > 100_000, "compared " + compared);
    }

    /**
     * Fills {@code ts/vs} with a random float series (runs of equal values, NaNs, drops) and returns start
     * timestamps mixing unknown, cumulative, restarted, delta-interval and invalid ones.
     */
    private static long[] randomSeries(Random r, long[] ts, double[] vs) {
        int n = ts.length;
        long[] st = new long[n];
        long t = r.nextInt(100_000);
        double v = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            t += 1 + r.nextInt(30_000);
            ts[i] = t;
            switch (r.nextInt(6)) {
                case 0 -> v = Double.NaN;
                case 1 -> v = r.nextInt(3);
                case 2 -> v = Double.isNaN(v) ? 1 : v;
                default -> v = (Double.isNaN(v) ? 0 : v) + r.nextInt(3);
            }
            vs[i] = v;
            long prev = i > 0 ? ts[i - 1] : t - 10_000;
            st[i] = switch (r.nextInt(7)) {
                case 0 -> 0;
                case 1 -> i > 0 ? st[i - 1] : prev - 5_000;
                case 2 -> prev + 1 + r.nextInt((int) (t - prev));
                case 3 -> prev;
                case 4 -> t;
                case 5 -> t + 1_000;
                default -> prev - r.nextInt(50_000);
            };
        }
        return st;
    }

    @Test
    void startTimesOnlyForCounters() {
        // one sample with a start timestamp inside the range: rate assumes a zero there (StartTimeRateTest)
        long m = 60_000;
        long[] ts = {3 * m};
        double[] vs = {3};
        long[] st = {2 * m};
        double[] out = new double[1];
        assertTrue(OneWindow.plain(RangeKernel.INCREASE, ts, vs, st, 0, 1, m, 6 * m, 6 * m, 0, 0, null, out));
        assertEquals(3, out[0], 1e-9);
        assertFalse(OneWindow.plain(RangeKernel.DELTA, ts, vs, st, 0, 1, m, 6 * m, 6 * m, 0, 0, null, out));
        assertFalse(OneWindow.plain(RangeKernel.INCREASE, ts, vs, null, 0, 1, m, 6 * m, 6 * m, 0, 0, null, out));
    }

    @Test
    void plainAndExtendedRates() {
        // functions.test:122-139 and extended_vectors.test:3-82
        LoadedSeries bumms = load(min(5), "1+10x10");
        double[] out = new double[1];
        long end = min(50);
        long start = end - min(100);
        assertTrue(OneWindow.plain(RangeKernel.INCREASE, bumms.ts, bumms.vs, null, bumms.from(start), bumms.to(end), start,
                end, end, 0, 0, null, out));
        assertEquals(101, out[0], 1e-9);

        // 1, 2, 3, 4, 5, 9, ..., 13 every 15 s; range (65 s, 125 s], lookback 5m
        LoadedSeries m = load(15_000, "1+1x4 9+1x4");
        long rangeEnd = 125_000;
        long rangeStart = rangeEnd - 60_000;
        int from = m.from(rangeStart - min(5));
        int smoothedTo = m.to(rangeEnd + min(5));
        assertTrue(OneWindow.extended(RangeKernel.INCREASE, m.ts, m.vs, null, from, smoothedTo, rangeStart, rangeEnd, true, out));
        assertEquals(6, out[0], 1e-9);
        int to = m.to(rangeEnd);
        assertTrue(OneWindow.extended(RangeKernel.INCREASE, m.ts, m.vs, null, from, to, rangeStart, rangeEnd, false, out));
        assertEquals(7, out[0], 1e-9);
        // anchored counting starts at the sample at 60 s: 5, 9, 10, 11, 12
        assertTrue(OneWindow.extended(RangeKernel.CHANGES, m.ts, m.vs, null, from, to, rangeStart, rangeEnd, false, out));
        assertEquals(4, out[0]);
        assertTrue(OneWindow.extended(RangeKernel.RESETS, m.ts, m.vs, null, from, to, rangeStart, rangeEnd, false, out));
        assertEquals(0, out[0]);
        assertFalse(OneWindow.extended(RangeKernel.RATE, m.ts, m.vs, null, from, from, rangeStart, rangeEnd, false, out));
        // samples only up to the range start: anchored resets emit nothing
        int before = m.to(rangeStart);
        assertFalse(OneWindow.extended(RangeKernel.RESETS, m.ts, m.vs, null, from, before, rangeStart, rangeEnd, false, out));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OneWindow.extended(RangeKernel.DERIV, m.ts, m.vs, null, from, to, rangeStart, rangeEnd, false, out));
        assertTrue(e.getMessage().contains("DERIV"), e.getMessage());
    }
}
