package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.LoadedSeries.load;
import static dev.narthex.promql.functions.LoadedSeries.min;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Wiring by name through {@link RangeKernel}; values cross-checked with the direct kernels' known answers. */
class RangeKernelTest {
    @Test
    void namesMatchPromqlFunctions() {
        assertSame(RangeKernel.RATE, RangeKernel.forName("rate"));
        assertSame(RangeKernel.TS_OF_MAX_OVER_TIME, RangeKernel.forName("ts_of_max_over_time"));
        assertSame(RangeKernel.DOUBLE_EXPONENTIAL_SMOOTHING, RangeKernel.forName("double_exponential_smoothing"));
        assertNull(RangeKernel.forName("holt_winters"));
        assertNull(RangeKernel.forName("abs"));
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
    }

    @Test
    void plainAndExtendedRatesThroughTheWindow() {
        // functions.test:122-139 and extended_vectors.test:3-82
        LoadedSeries bumms = load(min(5), "1+10x10");
        RangeWindow w = new RangeWindow().range(min(50) - min(100), min(50), min(50));
        int from = bumms.from(w.rangeStartMs);
        int to = bumms.to(w.rangeEndMs);
        assertTrue(RangeKernel.INCREASE.hasOutput(bumms.ts, bumms.vs, from, to, w));
        assertEquals(101, RangeKernel.INCREASE.apply(bumms.ts, bumms.vs, from, to, w), 1e-9);

        LoadedSeries m = load(15_000, "1+1x4 9+1x4");
        w.range(125_000 - 60_000, 125_000, 125_000).smoothed = true;
        from = m.from(w.rangeStartMs - min(5));
        to = m.to(w.rangeEndMs + min(5));
        assertEquals(6, RangeKernel.INCREASE.apply(m.ts, m.vs, from, to, w), 1e-9);
        w.smoothed = false;
        w.anchored = true;
        to = m.to(w.rangeEndMs);
        assertEquals(7, RangeKernel.INCREASE.apply(m.ts, m.vs, from, to, w), 1e-9);
        assertFalse(RangeKernel.RATE.hasOutput(m.ts, m.vs, from, from, w));
    }

    @Test
    void parametersAndScratch() {
        RangeWindow w = new RangeWindow().range(0, 60_000, 60_000);
        LoadedSeries s = load(10_000, "0 1 4");
        w.param = 0.75;
        assertEquals(2.5, RangeKernel.QUANTILE_OVER_TIME.apply(s.ts, s.vs, 0, 3, w), 1e-12);
        // The kernel sorts a scratch copy, never the caller's samples.
        assertArrayEquals(new double[] {0, 1, 4}, s.vs);
        assertEquals(1, RangeKernel.MAD_OVER_TIME.apply(s.ts, s.vs, 0, 3, w), 1e-12);
        assertEquals(20, RangeKernel.TS_OF_MAX_OVER_TIME.apply(s.ts, s.vs, 0, 3, w), 1e-12);
        assertEquals(0, RangeKernel.TS_OF_FIRST_OVER_TIME.apply(s.ts, s.vs, 0, 3, w));
        assertEquals(20, RangeKernel.TS_OF_LAST_OVER_TIME.apply(s.ts, s.vs, 0, 3, w));
        assertEquals(3, RangeKernel.COUNT_OVER_TIME.apply(s.ts, s.vs, 0, 3, w));
        assertFalse(RangeKernel.DERIV.hasOutput(s.ts, s.vs, 0, 1, w));
        assertFalse(RangeKernel.IRATE.hasOutput(s.ts, s.vs, 0, 1, w));
        assertTrue(RangeKernel.RESETS.hasOutput(s.ts, s.vs, 0, 1, w));
    }
}
