package dev.narthex.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.ReferenceStorage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ParallelSeriesTest {
    private static EvalContext context(long deadlineNanos) {
        return new EvalContext(new ReferenceStorage(), 0, 0, 0, 300_000, 60_000, Long.MAX_VALUE, deadlineNanos);
    }

    @Test
    void everyResultLandsAtItsSeriesIndexWithOneBufferPerThread() {
        Set<Object> buffers = ConcurrentHashMap.newKeySet();
        Object[] out = ParallelSeries.map(context(System.nanoTime() + 60_000_000_000L), 1000, (i, buffer) -> {
            buffers.add(buffer);
            buffer.clear();
            buffer.add(i, i * 2.0);
            return buffer.value(0);
        });
        for (int i = 0; i < out.length; i++) {
            assertEquals(i * 2.0, out[i]);
        }
        assertTrue(buffers.size() <= Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aFailureOnAnyThreadReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ParallelSeries.map(context(System.nanoTime() + 60_000_000_000L), 500, (i, buffer) -> {
                if (i == 377) {
                    throw new IllegalStateException("series 377");
                }
                return i;
            }));
        assertEquals("series 377", e.getMessage());
    }

    @Test
    void aPassedDeadlineStopsTheWork() {
        PromqlException e = assertThrows(PromqlException.class,
            () -> ParallelSeries.map(context(System.nanoTime() - 1), 100, (i, buffer) -> i));
        assertEquals("query timed out in query execution", e.getMessage());
    }
}
