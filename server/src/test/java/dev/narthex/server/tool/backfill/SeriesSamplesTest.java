package dev.narthex.server.tool.backfill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.StorageException;
import org.junit.jupiter.api.Test;

class SeriesSamplesTest {
    @Test
    void pagesKeepOrderAndRangesSpanPages() {
        SeriesSamples s = new SeriesSamples();
        int n = 3 * SeriesSamples.MAX_PAGE + 123;
        for (int k = 0; k < n; k++) {
            s.append(10L * k, k);
        }
        assertEquals(n, s.size());
        assertEquals(0, s.firstTimestamp());
        assertEquals(10L * (n - 1), s.lastTimestamp());
        assertEquals(0, s.countBefore(0));
        assertEquals(1, s.countBefore(1));
        assertEquals(20_000, s.countBefore(200_000));
        assertEquals(n, s.countBefore(Long.MAX_VALUE));
        int from = 10;
        int to = 2 * SeriesSamples.MAX_PAGE + 7;
        long[] ts = new long[to - from];
        double[] vs = new double[to - from];
        s.copy(from, to, ts, vs);
        long[] expectedTs = new long[to - from];
        double[] expectedVs = new double[to - from];
        for (int k = from; k < to; k++) {
            expectedTs[k - from] = 10L * k;
            expectedVs[k - from] = k;
        }
        assertArrayEquals(expectedTs, ts);
        assertArrayEquals(expectedVs, vs);
    }

    @Test
    void orderingRulesFollowPrometheusHead() {
        SeriesSamples s = new SeriesSamples();
        s.append(100, 1);
        assertFalse(s.append(100, 1));
        assertThrows(StorageException.DuplicateTimestamp.class, () -> s.append(100, 2));
        assertThrows(StorageException.OutOfOrder.class, () -> s.append(99, 1));
        assertEquals(1, s.size());
    }
}
