package dev.narthex.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendBuffersTest {
    private final Head head = new Head(7_200_000L);

    @Test
    void poolHandsOutTheLastReturnedBuffersAndDropsOversizedOnes() {
        AppendBuffers.Pool pool = new AppendBuffers.Pool();
        AppendBuffers a = pool.take();
        AppendBuffers b = pool.take();
        assertNotSame(a, b);
        pool.give(a);
        pool.give(b);
        assertSame(b, pool.take());
        assertSame(a, pool.take());
        AppendBuffers big = pool.take();
        big.ts = new long[1 << 17];
        pool.give(big);
        assertNotSame(big, pool.take());
    }

    @Test
    void appendersReusingBuffersSeeNoSamplesOrClaimsOfEarlierBatches() {
        Labels x = Labels.of("__name__", "x");
        Labels y = Labels.of("__name__", "y");
        // Two batches open on y at once: the second finds y claimed and keeps its slot in the map.
        Appender first = head.appender();
        long xr = first.append(0, x, 1000, 1);
        long yr = first.append(0, y, 1000, 1);
        Appender second = head.appender();
        second.append(yr, null, 2000, 2);
        first.commit();
        second.commit();
        // Later appenders take those arrays back from the pool, stale entries and all.
        for (int round = 3; round <= 5; round++) {
            Appender app = head.appender();
            app.append(yr, null, round * 1000L, round);
            app.commit();
        }
        Appender rolledBack = head.appender();
        rolledBack.append(xr, null, 9000, 9);
        rolledBack.rollback();
        Appender last = head.appender();
        last.append(xr, null, 6000, 6);
        last.commit();
        assertEquals("1000=1.0 6000=6.0", samples(x));
        assertEquals("1000=1.0 2000=2.0 3000=3.0 4000=4.0 5000=5.0", samples(y));
    }

    private String samples(Labels labels) {
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            List<Series> s = q.select(List.of(Matcher.equal("__name__", labels.metricName())));
            SampleBuffer b = new SampleBuffer();
            s.get(0).read(Long.MIN_VALUE, Long.MAX_VALUE, b);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < b.size(); i++) {
                out.append(i == 0 ? "" : " ").append(b.timestamp(i)).append('=').append(b.value(i));
            }
            return out.toString();
        }
    }
}
