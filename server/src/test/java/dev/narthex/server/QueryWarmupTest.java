package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.api.TestServerInfo;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryWarmupTest {
    private static final ServerFlags FLAGS = ServerFlags.parse().flags();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void everyWarmupQueryIsAnsweredAsInstantAndRange() {
        int answered = QueryWarmup.run(1, FLAGS, new TestServerInfo(false), executor);
        // A 1 ms budget still completes the first round: every expression, instant and range, and the fleet ranges.
        assertEquals(2 * QueryWarmup.EXPRESSIONS.size() + QueryWarmup.FLEET_EXPRESSIONS.size(), answered);
    }

    @Test
    void jitIsBusyWhileCompilingMoreThanAShareOfTheRound() {
        // 5% of a 200 ms round is 10 ms of compilation.
        assertTrue(QueryWarmup.jitBusy(11, 200));
        assertFalse(QueryWarmup.jitBusy(10, 200));
        assertFalse(QueryWarmup.jitBusy(0, 200));
        // A round measured as 0 ms counts as 1 ms: any compilation then is busy.
        assertTrue(QueryWarmup.jitBusy(1, 0));
        assertFalse(QueryWarmup.jitBusy(0, 0));
    }

    @Test
    void zeroBudgetRunsNothing() {
        assertEquals(0, QueryWarmup.run(0, FLAGS, new TestServerInfo(false), executor));
    }

    @Test
    void flagDefaultsToThreeSecondsAndCanBeTurnedOff() {
        assertEquals(3000, FLAGS.queryWarmupMs());
        assertEquals(0, ServerFlags.parse("--query.warmup=0s").flags().queryWarmupMs());
    }
}
