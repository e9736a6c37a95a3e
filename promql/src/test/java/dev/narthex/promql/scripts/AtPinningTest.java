package dev.narthex.promql.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code @}-pinned variants upstream's runner adds to instant evals (FORMAT.md section 7.2). */
class AtPinningTest {
    @Test
    void pinsEverySelectorAndEvaluatesAtFiveTimes() {
        List<AtPinning.Query> q = AtPinning.variants("sum(rate(m[5m])) + n @ 10", 100_000);
        assertEquals(List.of(-1_000_000L, 0L, 20_000L, 100_000L, 1_000_000L), q.stream().map(AtPinning.Query::timeMs).toList());
        String pinned = q.get(0).expr();
        assertTrue(pinned.contains("m[5m] @ 100.000"), pinned);
        assertTrue(pinned.contains("n @ 10.000"), "an existing @ is kept: " + pinned);
    }

    @Test
    void stopsBelowSubqueriesAndSkipsTimeDependentFunctions() {
        String pinned = AtPinning.variants("max_over_time(rate(m[1m])[5m:1m])", 0).get(0).expr();
        assertTrue(pinned.contains("[5m:1m] @ 0.000"), pinned);
        assertTrue(pinned.contains("m[1m])"), "the selector inside the subquery is not pinned: " + pinned);
        assertEquals(3, AtPinning.variants("m", 0).size(), "T = 0 uses -1s, 0, 1s");
        assertTrue(AtPinning.variants("timestamp(m)", 60_000).isEmpty());
        assertTrue(AtPinning.variants("m @ start()", 60_000).get(0).expr().contains("@ 60.000"));
    }
}
