package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockReadWriteTest {
    @TempDir
    Path dir;

    private final FrameCache cache = new FrameCache(8 << 20);

    @Test
    void roundTripsManySeriesExactly() {
        BlockTestData d = BlockTestData.random(new Random(1), 1000, 0, 7_200_000, 200);
        BlockMeta meta = d.write(dir, 0, 7_200_000);
        ReferenceStorage ref = new ReferenceStorage();
        d.addTo(ref);
        try (Block b = Block.open(dir.resolve(meta.ulid()), cache)) {
            assertEquals(1000, b.meta().numSeries());
            assertEquals(d.series.values().stream().mapToLong(s -> s.size()).sum(), b.meta().numSamples());
            List<Matcher> all = List.of(Matcher.regex("__name__", ".+"));
            for (long[] r : new long[][] {{0, 7_199_999}, {1_000_000, 1_000_500}, {-5, 3}, {7_000_000, 9_000_000}}) {
                try (Querier q = b.querier(r[0], r[1]); Querier rq = ref.querier(r[0], r[1])) {
                    assertEquals(BlockTestData.dump(rq, all, r[0], r[1]), BlockTestData.dump(q, all, r[0], r[1]), "range " + r[0] + ".." + r[1]);
                }
            }
        }
    }

    @Test
    void splitsLongSeriesIntoPiecesAndReadsNarrowRanges() {
        int n = 3 * BlockWriter.MAX_PIECE_SAMPLES + 17;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 15_000L;
            vs[i] = i;
        }
        BlockMeta meta;
        try (BlockWriter w = BlockWriter.open(dir, 0, n * 15_000L)) {
            w.add(Labels.of("__name__", "up"), ts, vs, 0, n);
            meta = w.commit();
        }
        assertEquals(4, meta.numChunks());
        try (Block b = Block.open(dir.resolve(meta.ulid()), cache); Querier q = b.querier(0, Long.MAX_VALUE)) {
            Series s = q.select(List.of(Matcher.equal("__name__", "up"))).get(0);
            SampleBuffer buf = new SampleBuffer();
            s.read(5000 * 15_000L, 5002 * 15_000L, buf);
            assertEquals(3, buf.size());
            assertEquals(5000.0, buf.value(0));
            assertEquals(5002 * 15_000L, buf.timestamp(2));
            long misses = cache.misses();
            buf.clear();
            s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
            assertEquals(n, buf.size());
            assertTrue(cache.hits() > 0, "frame read for the narrow range is reused");
            assertTrue(cache.misses() > misses, "frames not read before are loaded");
            for (int i = 0; i < n; i++) {
                assertEquals(ts[i], buf.timestamp(i));
            }
        }
    }

    @Test
    void failingWriterLeavesNoBlockBehind() throws IOException {
        try (BlockWriter w = BlockWriter.open(dir, 0, 1000)) {
            w.add(Labels.of("a", "2"), new long[] {1}, new double[] {1}, 0, 1);
            assertThrows(IllegalArgumentException.class, () -> w.add(Labels.of("a", "1"), new long[] {1}, new double[] {1}, 0, 1));
        }
        try (BlockWriter w = BlockWriter.open(dir, 0, 1000)) {
            assertThrows(IllegalArgumentException.class, () -> w.add(Labels.of("a", "1"), new long[] {5, 1000}, new double[] {1, 2}, 0, 2));
        }
        try (BlockWriter w = BlockWriter.open(dir, 0, 1000)) {
            w.add(Labels.of("a", "1"), new long[] {5}, new double[] {1}, 0, 1);
            // closed without commit: abandoned
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void seriesOfOneQuerierReadConcurrentlyThroughASmallSharedCache() throws Exception {
        BlockTestData d = BlockTestData.random(new Random(9), 400, 0, 1_000_000, 2000);
        BlockMeta meta = d.write(dir, 0, 1_000_000);
        FrameCache small = new FrameCache(256 << 10); // fewer frames than the block has: constant eviction
        try (Block b = Block.open(dir.resolve(meta.ulid()), small); Querier q = b.querier(0, 1_000_000)) {
            List<Series> all = q.select(List.of(Matcher.regex("__name__", ".+")));
            List<Labels> labels = all.stream().map(Series::labels).toList();
            assertEquals(List.copyOf(d.series.keySet()), labels);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int first = t;
                    results.add(pool.submit(() -> {
                        SampleBuffer buf = new SampleBuffer();
                        int checked = 0;
                        for (int i = first; i < all.size(); i += 4) {
                            buf.clear();
                            all.get(i).read(0, 1_000_000, buf);
                            var want = d.series.get(labels.get(i));
                            assertEquals(want.size(), buf.size());
                            int j = 0;
                            for (var e : want.entrySet()) {
                                assertEquals(e.getKey(), buf.timestamp(j));
                                assertEquals(Double.doubleToRawLongBits(e.getValue()), Double.doubleToRawLongBits(buf.value(j)));
                                j++;
                            }
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (var f : results) {
                    total += f.get();
                }
                assertEquals(400, total);
            } finally {
                pool.shutdown();
            }
            assertTrue(small.sizeBytes() <= 256 << 10);
        }
    }

    @Test
    void emptyBlockOpensAndSelectsNothing() {
        BlockMeta meta;
        try (BlockWriter w = BlockWriter.open(dir, 0, 1000)) {
            meta = w.commit();
        }
        try (Block b = Block.open(dir.resolve(meta.ulid()), cache); Querier q = b.querier(0, 1000)) {
            assertEquals(0, b.meta().numSeries());
            assertEquals(List.of(), q.select(List.of(Matcher.regex("__name__", ".+"))));
            assertEquals(List.of(), q.labelNames(List.of()));
            assertEquals(List.of(), q.labelValues("__name__", List.of()));
        }
    }

    @Test
    void labelNamesAndValues() {
        BlockTestData d = BlockTestData.random(new Random(2), 300, 0, 100_000, 20);
        BlockMeta meta = d.write(dir, 0, 100_000);
        ReferenceStorage ref = new ReferenceStorage();
        d.addTo(ref);
        try (Block b = Block.open(dir.resolve(meta.ulid()), cache)) {
            for (long[] r : new long[][] {{0, 99_999}, {40_000, 40_100}}) {
                try (Querier q = b.querier(r[0], r[1]); Querier rq = ref.querier(r[0], r[1])) {
                    assertEquals(rq.labelNames(List.of()), q.labelNames(List.of()));
                    List<Matcher> m = List.of(Matcher.equal("job", "job1"));
                    assertEquals(rq.labelNames(m), q.labelNames(m));
                    for (String name : List.of("zone", "path", "instance", "nope")) {
                        assertEquals(rq.labelValues(name, List.of()), q.labelValues(name, List.of()), name);
                        assertEquals(rq.labelValues(name, m), q.labelValues(name, m), name);
                    }
                }
            }
            try (Querier q = b.querier(0, 99_999)) {
                assertTrue(q.labelValues("zone", List.of()).contains("z1"));
                assertFalse(q.labelNames(List.of()).contains(""));
            }
        }
    }
}
