package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Start timestamps in the counter kernels, against hand-computed answers (Prometheus's semantics). */
class StartTimeRateTest {
    private static final long M = 60_000;

    @Test
    void startTimeResetDecisions() {
        assertFalse(RangeFunctions.isStartTimeReset(0, M, 0, 2 * M), "unknown start");
        assertFalse(RangeFunctions.isStartTimeReset(0, M, 2 * M, 2 * M), "start at the sample: OTel's unknown start");
        assertFalse(RangeFunctions.isStartTimeReset(0, M, 3 * M, 2 * M), "start after the sample is invalid");
        assertFalse(RangeFunctions.isStartTimeReset(M / 2, M, M / 2, 2 * M), "cumulative: same start as before");
        assertTrue(RangeFunctions.isStartTimeReset(M / 2, M, M + 1, 2 * M), "restarted after the previous sample");
        assertTrue(RangeFunctions.isStartTimeReset(0, M, M + 1, 2 * M), "restarted, previous start unknown");
        assertTrue(RangeFunctions.isStartTimeReset(0 + 1, M, M, 2 * M), "delta: interval starts at the previous sample");
        assertFalse(RangeFunctions.isStartTimeReset(0, M, M, 2 * M), "cumulative whose first start was unknown");
        assertFalse(RangeFunctions.isStartTimeReset(M, M, M, 2 * M), "previous start at its sample: unknown too");
        assertFalse(RangeFunctions.isStartTimeReset(2 * M, M, M, 2 * M), "invalid previous start is not taken as a delta");
    }

    @Test
    void overlapIsAKnownStartBeforeThePreviousSampleThatDoesNotContinueIt() {
        assertTrue(RangeFunctions.startTimeOverlaps(0, 2 * M, M));
        assertFalse(RangeFunctions.startTimeOverlaps(M, 2 * M, M), "cumulative");
        assertFalse(RangeFunctions.startTimeOverlaps(M, 2 * M, 2 * M), "delta");
        assertFalse(RangeFunctions.startTimeOverlaps(M, 2 * M, 0), "unknown");
    }

    @Test
    void deltaSamplesAddUpAndAStartInsideTheWindowReplacesExtrapolation() {
        // five delta samples of 60 at 6m..10m, each starting 1ms after the previous sample; window (5m, 10m]
        long[] ts = {6 * M, 7 * M, 8 * M, 9 * M, 10 * M};
        double[] vs = {60, 60, 60, 60, 60};
        long[] st = new long[5];
        for (int i = 0; i < 5; i++) {
            st[i] = ts[i] - M + 1;
        }
        assertEquals(300, RangeFunctions.extrapolatedRate(ts, vs, st, 0, 5, 5 * M, 10 * M, true, false, true), 1e-9);
        assertEquals(1, RangeFunctions.extrapolatedRate(ts, vs, st, 0, 5, 5 * M, 10 * M, true, true, true), 1e-9);
        // without start timestamps the same values are a flat counter
        assertEquals(0, RangeFunctions.extrapolatedRate(ts, vs, null, 0, 5, 5 * M, 10 * M, true, false, false), 1e-9);
        // irate sees the reset of the last sample: its whole value over one minute
        assertEquals(1, RangeFunctions.instantValue(ts, vs, st, 0, 5, true), 1e-9);
        assertEquals(4, RangeFunctions.resets(vs, ts, st, 0, 5));
    }

    @Test
    void aSingleSampleHasARateOnlyWhenItsStartLiesInsideTheWindow() {
        long[] ts = {4 * M};
        double[] vs = {3};
        long[] inside = {4 * M - 150_000}; // 1m30s, window (1m, 6m]
        long[] outside = {4 * M - 180_000}; // exactly the (exclusive) window start
        assertTrue(RangeFunctions.extrapolatedRateHasOutput(ts, inside, 0, 1, M, true));
        assertFalse(RangeFunctions.extrapolatedRateHasOutput(ts, outside, 0, 1, M, true));
        assertFalse(RangeFunctions.extrapolatedRateHasOutput(ts, inside, 0, 1, M, false), "delta() ignores start timestamps");
        assertEquals(3, RangeFunctions.extrapolatedRate(ts, vs, inside, 0, 1, M, 6 * M, true, false, false), 1e-9);
    }
}
