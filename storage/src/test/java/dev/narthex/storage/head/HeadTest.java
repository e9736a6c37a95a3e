package dev.narthex.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeadTest {
    private static final long HOUR = 3_600_000L;

    private final Head head = new Head(2 * HOUR);

    private static List<String> names(List<Series> series) {
        List<String> out = new ArrayList<>();
        series.forEach(s -> out.add(s.labels().toString()));
        return out;
    }

    private static SampleBuffer read(Series s) {
        SampleBuffer b = new SampleBuffer();
        s.read(Long.MIN_VALUE, Long.MAX_VALUE, b);
        return b;
    }

    @Test
    void appendsCommitAndSelectsSortedByLabels() {
        Appender app = head.appender();
        long ref = app.append(0, Labels.of("__name__", "up", "job", "b"), 1000, 1);
        app.append(0, Labels.of("__name__", "up", "job", "a"), 1000, 0);
        app.append(ref, null, 2000, 2);
        app.append(0, Labels.of("__name__", "down", "job", "a"), 1500, 7);
        try (Querier q = head.querier(0, 10_000)) {
            assertTrue(q.select(List.of(Matcher.equal("__name__", "up"))).isEmpty(), "uncommitted samples are invisible");
        }
        app.commit();
        try (Querier q = head.querier(0, 10_000)) {
            List<Series> up = q.select(List.of(Matcher.equal("__name__", "up")));
            assertEquals(List.of("up{job=\"a\"}", "up{job=\"b\"}"), names(up));
            SampleBuffer b = read(up.get(1));
            assertEquals(2, b.size());
            assertEquals(1000, b.timestamp(0));
            assertEquals(2.0, b.value(1));
            assertEquals(List.of("__name__", "job"), q.labelNames(List.of()));
            assertEquals(List.of("down", "up"), q.labelValues("__name__", List.of()));
            assertEquals(List.of("a"), q.labelValues("job", List.of(Matcher.equal("__name__", "down"))));
        }
        try (Querier q = head.querier(1600, 1800)) {
            assertTrue(q.select(List.of(Matcher.regex("__name__", ".+"))).isEmpty(), "no sample in range");
            assertEquals(List.of(), q.labelValues("job", List.of()));
        }
        try (Querier q = head.querier(1200, 1800)) {
            assertEquals(List.of("down{job=\"a\"}"), names(q.select(List.of(Matcher.regex("__name__", ".+")))));
            assertEquals(List.of("down"), q.labelValues("__name__", List.of()));
        }
        assertEquals(3, head.stats().series());
        assertEquals(4, head.stats().samplesAppended());
    }

    @Test
    void labelsAreMaterializedFromSharedSymbols() {
        Appender app = head.appender();
        app.append(0, Labels.of("__name__", new String("m"), "job", new String("x")), 1, 1);
        app.append(0, Labels.of("__name__", new String("m"), "job", new String("y")), 1, 1);
        app.commit();
        try (Querier q = head.querier(0, 10)) {
            List<Series> s = q.select(List.of(Matcher.equal("__name__", "m")));
            assertSame(s.get(0).labels().name(0), s.get(1).labels().name(0));
            assertSame(s.get(0).labels().value(0), s.get(1).labels().value(0));
        }
    }

    @Test
    void rejectsOutOfOrderAndDifferentDuplicatesAndCountsThem() {
        Labels l = Labels.of("__name__", "x");
        Appender app = head.appender();
        app.append(0, l, 100, 1);
        app.commit();
        Appender next = head.appender();
        assertThrows(StorageException.OutOfOrder.class, () -> next.append(0, l, 99, 1));
        assertEquals("duplicate sample for timestamp",
                assertThrows(StorageException.DuplicateTimestamp.class, () -> next.append(0, l, 100, 2)).getMessage());
        next.append(0, l, 100, 1); // identical duplicate: silently accepted
        next.append(0, l, 110, 1);
        assertThrows(StorageException.OutOfOrder.class, () -> next.append(0, l, 105, 1), "checked against the batch too");
        next.commit();
        assertEquals(2, head.stats().outOfOrderSamples());
        assertEquals(1, head.stats().duplicateSamples());
        assertEquals(2, head.stats().samplesAppended());
        try (Querier q = head.querier(0, 1000)) {
            assertEquals(2, read(q.select(List.of(Matcher.equal("__name__", "x"))).get(0)).size());
        }
    }

    @Test
    void concurrentCommitThatBecameOutOfOrderIsDroppedAndCounted() {
        Labels l = Labels.of("__name__", "x");
        Appender a = head.appender();
        Appender b = head.appender();
        a.append(0, l, 100, 1);
        b.append(0, l, 200, 1);
        b.commit();
        a.commit();
        assertEquals(1, head.stats().outOfOrderSamples());
        try (Querier q = head.querier(0, 1000)) {
            SampleBuffer buf = read(q.select(List.of(Matcher.equal("__name__", "x"))).get(0));
            assertEquals(1, buf.size());
            assertEquals(200, buf.timestamp(0));
        }
    }

    @Test
    void rollbackDiscardsTheBatch() {
        Appender app = head.appender();
        app.append(0, Labels.of("__name__", "x"), 100, 1);
        app.rollback();
        try (Querier q = head.querier(0, 1000)) {
            assertTrue(q.select(List.of(Matcher.equal("__name__", "x"))).isEmpty());
        }
        Appender again = head.appender();
        again.append(0, Labels.of("__name__", "x"), 50, 1); // not out of order: nothing was committed
        again.commit();
        assertEquals(1, head.stats().samplesAppended());
    }

    @Test
    void staleMarkersStayDistinctFromOtherNaNs() {
        Appender app = head.appender();
        app.append(0, Labels.of("__name__", "x"), 1, Double.NaN);
        app.append(0, Labels.of("__name__", "x"), 2, StaleNaN.VALUE);
        app.commit();
        try (Querier q = head.querier(0, 10)) {
            SampleBuffer b = read(q.select(List.of(Matcher.equal("__name__", "x"))).get(0));
            assertTrue(Double.isNaN(b.value(0)) && !StaleNaN.is(b.value(0)));
            assertTrue(StaleNaN.is(b.value(1)));
        }
    }

    @Test
    void cutsChunksAt120SamplesAndAtBlockBoundaries() {
        Appender app = head.appender();
        Labels l = Labels.of("__name__", "x");
        for (int i = 0; i < 240; i++) {
            app.append(0, l, i, i);
        }
        app.commit();
        assertEquals(2, head.stats().chunks());
        Appender more = head.appender();
        more.append(0, l, 2 * HOUR - 1, 1); // third chunk: the second is full
        more.append(0, l, 2 * HOUR, 1); // crosses the 2h boundary: fourth chunk
        more.commit();
        assertEquals(4, head.stats().chunks());
        try (Querier q = head.querier(100, 2 * HOUR)) {
            SampleBuffer b = read(q.select(List.of(Matcher.equal("__name__", "x"))).get(0));
            assertEquals(142, b.size());
            assertEquals(100, b.timestamp(0));
            assertEquals(2 * HOUR, b.timestamp(141));
        }
    }

    @Test
    void validatesLabelsWithPrometheusTexts() {
        Appender app = head.appender();
        assertEquals("empty labelset: invalid sample",
                assertThrows(StorageException.InvalidLabels.class, () -> app.append(0, Labels.EMPTY, 1, 1)).getMessage());
        assertEquals("label name \"a\" is not unique: invalid sample",
                assertThrows(StorageException.InvalidLabels.class,
                        () -> app.append(0, Labels.ofSorted(new String[] {"a", "1", "a", "2"}), 1, 1)).getMessage());
        assertThrows(StorageException.InvalidLabels.class, () -> app.append(0, Labels.of("bad\uD800", "x"), 1, 1));
        assertThrows(StorageException.InvalidLabels.class, () -> app.append(0, Labels.of("a", "x\uDC00"), 1, 1));
        app.append(0, Labels.of("ünïcödé.name", "ok"), 1, 1); // UTF-8 names are valid in Prometheus 3
        app.commit();
        assertEquals(1, head.stats().series());
    }

    @Test
    void truncateDropsOldDataAndEmptySeries() {
        Appender app = head.appender();
        app.append(0, Labels.of("__name__", "old"), 10, 1);
        for (int i = 0; i < 200; i++) {
            app.append(0, Labels.of("__name__", "live"), i * 10L, i);
        }
        app.commit();
        head.truncate(1500);
        assertEquals(1, head.stats().series());
        assertEquals(1, head.stats().seriesRemoved());
        try (Querier q = head.querier(0, 10_000)) {
            assertEquals(List.of("live{}"), names(q.select(List.of(Matcher.regex("__name__", ".+")))));
            SampleBuffer b = read(q.select(List.of(Matcher.equal("__name__", "live"))).get(0));
            assertEquals(1500, b.timestamp(0), "reads are clipped at the truncation point");
        }
        Appender late = head.appender();
        assertThrows(StorageException.OutOfBounds.class, () -> late.append(0, Labels.of("__name__", "old"), 1400, 1));
        late.append(0, Labels.of("__name__", "old"), 1600, 1);
        late.commit();
        assertEquals(2, head.stats().series());
    }

    @Test
    void truncateKeepsSeriesWithPendingSamples() {
        Appender app = head.appender();
        long ref = app.append(0, Labels.of("__name__", "p"), 5000, 1);
        head.truncate(1000);
        app.commit();
        assertNotEquals(null, head.labelsOf(ref));
        try (Querier q = head.querier(0, 10_000)) {
            assertEquals(1, q.select(List.of(Matcher.equal("__name__", "p"))).size());
        }
    }

    @Test
    void seriesInRangeIsSortedForTheBlockWriter() {
        Appender app = head.appender();
        app.append(0, Labels.of("__name__", "b"), 10, 1);
        app.append(0, Labels.of("__name__", "a", "x", "1"), 10, 1);
        app.append(0, Labels.of("__name__", "a"), 20, 1);
        app.commit();
        assertEquals(List.of("a{}", "a{x=\"1\"}", "b{}"), names(head.seriesInRange(0, 100)));
        assertEquals(List.of("a{}"), names(head.seriesInRange(15, 100)));
    }

    @Test
    void concurrentAppendersAndReadersSeeWholeCommitsPerSeries() throws Exception {
        int writers = 4;
        int batches = 300;
        int seriesPerWriter = 20;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    long[] refs = new long[seriesPerWriter];
                    for (int b = 0; b < batches; b++) {
                        Appender app = head.appender();
                        for (int s = 0; s < seriesPerWriter; s++) {
                            Labels l = Labels.of("__name__", "c", "w", Integer.toString(id), "s", Integer.toString(s));
                            // Two samples per series per batch: readers must never see an odd count.
                            refs[s] = app.append(refs[s], l, 2L * b, b);
                            app.append(refs[s], l, 2L * b + 1, b);
                        }
                        if (b % 10 == 9) {
                            app.rollback();
                        } else {
                            app.commit();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        threads.add(new Thread(() -> {
            try {
                start.await();
                for (int i = 0; i < 200; i++) {
                    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                        for (Series s : q.select(List.of(Matcher.equal("__name__", "c")))) {
                            int n = read(s).size();
                            if (n % 2 != 0) {
                                throw new AssertionError("partial commit visible: " + n + " samples in " + s.labels());
                            }
                        }
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        long committedBatches = batches - batches / 10;
        assertEquals(writers * seriesPerWriter * committedBatches * 2, head.stats().samplesAppended());
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            List<Series> all = q.select(List.of(Matcher.equal("__name__", "c")));
            assertEquals(writers * seriesPerWriter, all.size());
            for (Series s : all) {
                assertEquals(committedBatches * 2, read(s).size());
            }
        }
    }
}
