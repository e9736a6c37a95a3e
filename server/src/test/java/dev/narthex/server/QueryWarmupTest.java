package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.server.api.TestServerInfo;
import org.junit.jupiter.api.Test;

class QueryWarmupTest {
    private static final ServerFlags FLAGS = ServerFlags.parse().flags();

    @Test
    void everyWarmupQueryIsAnsweredAsInstantAndRange() {
        int answered = QueryWarmup.run(1, FLAGS, new TestServerInfo(false));
        // A 1 ms budget still completes the first round: every expression, instant and range.
        assertEquals(2 * QueryWarmup.EXPRESSIONS.size(), answered);
    }

    @Test
    void zeroBudgetRunsNothing() {
        assertEquals(0, QueryWarmup.run(0, FLAGS, new TestServerInfo(false)));
    }

    @Test
    void flagDefaultsToThreeSecondsAndCanBeTurnedOff() {
        assertEquals(3000, FLAGS.queryWarmupMs());
        assertEquals(0, ServerFlags.parse("--query.warmup=0s").flags().queryWarmupMs());
    }
}
