package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.LoadedSeries.load;
import static dev.narthex.promql.functions.LoadedSeries.min;
import static dev.narthex.promql.functions.LoadedSeries.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * anchored/smoothed rate, increase, delta, resets and changes: known answers from upstream
 * extended_vectors.test (line numbers cite that file), with the default 5m lookback delta.
 */
class ExtendedRateTest {
    private static final long LOOKBACK = min(5);

    /** Evaluates like the engine: fetch the extended window, then the kernel. Null = no sample. */
    private static Double extended(LoadedSeries s, long evalMs, long rangeMs, boolean smoothed, boolean counter,
            boolean isRate) {
        long start = evalMs - rangeMs;
        int from = s.from(start - LOOKBACK);
        int to = s.to(smoothed ? evalMs + LOOKBACK : evalMs);
        if (to - from < 1 || !RangeFunctions.extendedRateHasOutput(s.ts, from, to, start, evalMs, smoothed)) {
            return null;
        }
        return RangeFunctions.extendedRate(s.ts, s.vs, from, to, start, evalMs, smoothed, counter, isRate);
    }

    private static Double plainIncrease(LoadedSeries s, long evalMs, long rangeMs) {
        int from = s.from(evalMs - rangeMs);
        int to = s.to(evalMs);
        if (!RangeFunctions.extrapolatedRateHasOutput(s.ts, null, from, to, evalMs - rangeMs, true)) {
            return null;
        }
        return RangeFunctions.extrapolatedRate(s.ts, s.vs, null, from, to, evalMs - rangeMs, evalMs, true, false, true);
    }

    private static void check(double[] expected, Double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertNull(actual[i], "step " + i);
            } else {
                assertEquals(expected[i], actual[i], 1e-8, "step " + i);
            }
        }
    }

    private static final double NONE = Double.NaN;

    private static void prom52(String data, double[] plain, double[] anchored, double[] smoothed) {
        LoadedSeries s = load(sec(15), data);
        Double[] p = new Double[9];
        Double[] a = new Double[9];
        Double[] sm = new Double[9];
        for (int i = 0; i < 9; i++) {
            long t = sec(5 + 15 * i);
            p[i] = plainIncrease(s, t, min(1));
            a[i] = extended(s, t, min(1), false, true, false);
            sm[i] = extended(s, t, min(1), true, true, false);
        }
        check(plain, p);
        check(anchored, a);
        check(smoothed, sm);
    }

    @Test
    void prom52CompleteDataset() {
        // extended_vectors.test:3-82
        prom52("1+1x4 9+1x4",
                new double[] {NONE, 1.833333333, 2.833333333, 4, 4, 8, 8, 8, 4},
                new double[] {0, 1, 2, 3, 4, 7, 7, 7, 7},
                new double[] {0.333333333, 1.333333333, 2.333333333, 3.333333333, 5, 7, 7, 7, 6});
    }

    @Test
    void prom52PartialDataset() {
        // extended_vectors.test:84-164
        prom52("1+1x2 _ _ 9+1x4",
                new double[] {NONE, 1.833333333, 2.833333333, 3.166666666, 2.166666666, 8, 1.833333333,
                    2.833333333, 4},
                new double[] {0, 1, 2, 2, 2, 7, 7, 8, 9},
                new double[] {0.333333333, 1.333333333, 2.666666666, 4.666666666, 6.333333333, 7, 6.666666666,
                    5.666666666, 4.666666666});
    }

    @Test
    void intervalIsLeftOpen() {
        // extended_vectors.test:166-176
        LoadedSeries s = load(min(1), "1 2 _ 4 5");
        assertEquals(1, extended(s, min(2), min(1), true, true, false), 1e-12);
        assertNull(extended(s, min(2), min(1), false, true, false));
    }

    @Test
    void counterResets() {
        // extended_vectors.test:178-240
        LoadedSeries id1 = load(min(1), "1+1x4 1+1x4");
        LoadedSeries id2 = load(min(1), "3 2+2x9");
        LoadedSeries id3 = load(min(1), "5+3x2 3+3x6");
        long t = sec(90);
        assertEquals(1, extended(id1, t, min(1), true, true, false), 1e-12);
        assertEquals(2, extended(id2, t, min(1), true, true, false), 1e-12);
        assertEquals(3, extended(id3, t, min(1), true, true, false), 1e-12);
        assertEquals(1, extended(id1, t, min(1), false, true, false), 1e-12);
        assertEquals(2, extended(id2, t, min(1), false, true, false), 1e-12);
        assertEquals(3, extended(id3, t, min(1), false, true, false), 1e-12);
        assertEquals(-1, extended(id2, t, min(1), false, false, false), 1e-12);
        assertEquals(-8, extended(id3, min(3), min(1), false, false, false), 1e-12);
        assertEquals(-8, extended(id3, sec(210), min(1), false, false, false), 1e-12);
        for (LoadedSeries s : new LoadedSeries[] {id1, id2, id3}) {
            double expected = s == id1 ? 5 : s == id2 ? 10 : 15;
            assertEquals(expected, extended(s, sec(375), min(5), true, true, false), 1e-12);
            assertEquals(expected, extended(s, min(6), min(5), true, true, false), 1e-12);
            assertEquals(expected, extended(s, min(5), min(5), false, true, false), 1e-12);
            assertNull(extended(s, min(15), min(5), false, true, false));
        }
    }

    @Test
    void smoothedDelta() {
        // extended_vectors.test:242-253
        LoadedSeries id1 = load(min(1), "11 -1 100 0");
        LoadedSeries id2 = load(min(1), "0 0 100 0 0 11 -1");
        assertEquals(-5, extended(id1, sec(330), min(5), true, false, false), 1e-9);
        assertEquals(5, extended(id2, sec(330), min(5), true, false, false), 1e-9);
        assertEquals(-2, extended(id1, sec(345), min(5), true, false, false), 1e-9);
        assertEquals(2, extended(id2, sec(345), min(5), true, false, false), 1e-9);
    }

    @Test
    void smoothedAcrossResets() {
        // extended_vectors.test:348-359
        LoadedSeries s = load(min(1), "9 8 5 4");
        assertEquals(12, extended(s, sec(135), min(2), true, true, false), 1e-9);
        LoadedSeries r = load(sec(15), "100 10");
        assertEquals(0.666666666666667, extended(r, sec(12), sec(10), true, true, true), 1e-12);
    }

    @Test
    void smoothedEmptyWhenDataOnlyOnOneSide() {
        // extended_vectors.test:412-428
        LoadedSeries s = load(sec(10), "_ 5+1x4");
        assertNull(extended(s, sec(5), sec(5), true, true, true));
        assertEquals(0.5, extended(s, sec(15), sec(10), true, true, false), 1e-12);
        assertNull(extended(s, sec(60), sec(5), true, true, true));
    }

    private static double counting(LoadedSeries s, long evalMs, long rangeMs, boolean anchored, boolean resets) {
        int from = s.from(evalMs - rangeMs - (anchored ? LOOKBACK : 0));
        int to = s.to(evalMs);
        int start = RangeFunctions.countingStart(s.ts, from, to, evalMs - rangeMs, anchored);
        if (start < 0) {
            return NONE;
        }
        return resets ? RangeFunctions.resets(s.vs, s.ts, null, start, to) : RangeFunctions.changes(s.vs, start, to);
    }

    @Test
    void anchoredChangesAndResets() {
        // extended_vectors.test:255-346
        LoadedSeries[] ids = {load(min(1), "1+1x10"), load(min(1), "1 1+1x10"), load(min(1), "99-1x10"),
            load(min(1), "99 99-1x10")};
        double[] changes5m = {5, 4, 5, 4};
        double[] changes6m = {5, 5, 5, 5};
        double[] resets = {0, 0, 5, 4};
        double[] plainResets = {0, 0, 4, 4};
        for (int i = 0; i < ids.length; i++) {
            assertEquals(4, counting(ids[i], min(5), min(5), false, false));
            assertEquals(changes5m[i], counting(ids[i], min(5), min(5), true, false));
            assertEquals(changes6m[i], counting(ids[i], min(6), min(5), true, false));
            assertEquals(changes5m[i], counting(ids[i], sec(330), min(5), true, false));
            assertEquals(plainResets[i], counting(ids[i], sec(330), min(5), false, true));
            assertEquals(resets[i], counting(ids[i], sec(330), min(5), true, true));
        }
        LoadedSeries gap = load(min(1), "2 _ 1 _ _ _ _ _ 0");
        assertEquals(1, counting(gap, min(2), min(1), true, false));
        assertEquals(0, counting(gap, min(8), min(1), true, false));
        assertEquals(1, counting(gap, min(8), min(1) + 1, true, false));
        assertEquals(1, counting(gap, min(8), min(1) + 1, true, true));
        assertEquals(NONE, counting(gap, min(3), min(1), true, false));
    }
}
