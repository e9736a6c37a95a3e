package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        // A 1 ms budget still completes the first round: every expression, instant and range.
        assertEquals(2 * QueryWarmup.EXPRESSIONS.size(), answered);
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
