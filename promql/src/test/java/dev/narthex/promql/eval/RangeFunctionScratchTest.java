package dev.narthex.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RangeFunctionScratchTest {
    @Test
    void reusesArraysUpToTheCapAndGivesLongerSeriesTheirOwn() {
        RangeFunctionCalls.Scratch s = new RangeFunctionCalls.Scratch();
        int[] small = s.ints(1000);
        assertSame(small, s.ints(500));
        int cap = RangeFunctionCalls.Scratch.MAX_CACHED;
        int[] big = s.ints(cap + 1);
        assertEquals(cap + 1, big.length);
        assertNotSame(big, s.ints(cap + 1));
        assertSame(small, s.ints(1000), "an oversized request does not replace the cached array");
        int[] atCap = s.ints(cap);
        assertEquals(cap, atCap.length);
        assertSame(atCap, s.ints(cap));

        double[] d = s.doubles(cap);
        assertSame(d, s.doubles(10));
        assertNotSame(s.doubles(cap + 5), s.doubles(cap + 5));
        assertSame(d, s.doubles(cap));

        int[] lows = s.lows(1000);
        int[] highs = s.highs(1000);
        assertNotSame(s.ints(1000), lows, "the window bounds never share the reset counts' array");
        assertNotSame(s.ints(1000), highs);
        assertNotSame(lows, highs);
        assertSame(lows, s.lows(10));
        assertSame(highs, s.highs(10));
        assertNotSame(s.lows(cap + 1), s.lows(cap + 1));
        assertNotSame(s.highs(cap + 1), s.highs(cap + 1));
    }
}
