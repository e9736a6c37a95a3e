package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeQuerierTest {
    @TempDir
    Path dir;

    private final FrameCache cache = new FrameCache(1 << 20);

    private Block block(long mint, long maxt, Object... seriesAndSamples) {
        try (BlockWriter w = BlockWriter.open(dir, mint, maxt)) {
            for (int i = 0; i < seriesAndSamples.length; i += 2) {
                long[] s = (long[]) seriesAndSamples[i + 1];
                SampleBuffer b = new SampleBuffer();
                for (int j = 0; j < s.length; j += 2) {
                    b.add(s[j], s[j + 1]);
                }
                w.add((Labels) seriesAndSamples[i], b);
            }
            return Block.open(dir.resolve(w.commit().ulid()), cache);
        }
    }

    @Test
    void reorderedDisjointPartsKeepTheirStartTimes() {
        Labels a = Labels.of("__name__", "m");
        SampleBuffer early = new SampleBuffer();
        early.add(10, 1, 5);
        early.add(20, 2);
        SampleBuffer late = new SampleBuffer();
        late.add(30, 3);
        late.add(40, 4, 35);
        try (BlockWriter w1 = BlockWriter.open(dir, 0, 100); BlockWriter w2 = BlockWriter.open(dir, 0, 100)) {
            w1.add(a, late);
            w2.add(a, early);
            String lateUlid = w1.commit().ulid();
            String earlyUlid = w2.commit().ulid();
            // the part listed last is read first: here the later samples, so the merge must reorder
            try (Block first = Block.open(dir.resolve(earlyUlid), cache); Block second = Block.open(dir.resolve(lateUlid), cache);
                 Querier q = new MergeQuerier(List.of(first.querier(0, 100), second.querier(0, 100)))) {
                SampleBuffer buf = new SampleBuffer();
                buf.add(1, 0); // earlier content of the buffer stays as it was
                q.select(List.of(Matcher.equal("__name__", "m"))).get(0).read(0, 100, buf);
                long[] wantT = {1, 10, 20, 30, 40};
                long[] wantSt = {0, 5, 0, 0, 35};
                assertEquals(5, buf.size());
                for (int i = 0; i < 5; i++) {
                    assertEquals(wantT[i], buf.timestamp(i));
                    assertEquals(wantSt[i], buf.startTime(i), "start of the sample at " + wantT[i]);
                }
            }
        }
    }

    @Test
    void mergesOverlappingBlocksByTimeAndDeduplicates() {
        Labels a = Labels.of("__name__", "m", "i", "a");
        Labels b = Labels.of("__name__", "m", "i", "b");
        Labels c = Labels.of("__name__", "m", "i", "c");
        try (Block first = block(0, 100, a, new long[] {1, 10, 5, 50, 9, 90}, c, new long[] {3, 3});
             Block second = block(4, 200, a, new long[] {5, 555, 7, 70, 150, 1500}, b, new long[] {20, 2});
             Querier q = new MergeQuerier(List.of(first.querier(0, 1000), second.querier(0, 1000)))) {
            List<Series> s = q.select(List.of(Matcher.equal("__name__", "m")));
            assertEquals(List.of(a, b, c), s.stream().map(Series::labels).toList());
            SampleBuffer buf = new SampleBuffer();
            s.get(0).read(0, 1000, buf);
            assertEquals(5, buf.size());
            long[] wantT = {1, 5, 7, 9, 150};
            double[] wantV = {10, 50, 70, 90, 1500}; // t=5 from the first querier wins
            for (int i = 0; i < 5; i++) {
                assertEquals(wantT[i], buf.timestamp(i));
                assertEquals(wantV[i], buf.value(i));
            }
            buf.clear();
            s.get(0).read(6, 100, buf);
            assertEquals(2, buf.size());
            assertEquals(List.of("a", "b", "c"), q.labelValues("i", List.of()));
            assertEquals(List.of("__name__", "i"), q.labelNames(List.of()));
        }
    }

    @Test
    void appendsDisjointBlocksInTimeOrderAfterWhatTheBufferHolds() {
        Labels a = Labels.of("__name__", "m");
        try (Block older = block(0, 100, a, new long[] {1, 10, 50, 20});
             Block middle = block(100, 200, a, new long[] {100, 30, 150, 40});
             Block newer = block(200, 300, a, new long[] {250, 50});
             // newest source listed first, as BlockStore does
             Querier q = new MergeQuerier(List.of(newer.querier(0, 1000), middle.querier(0, 1000), older.querier(0, 1000)))) {
            Series s = q.select(List.of(Matcher.equal("__name__", "m"))).get(0);
            SampleBuffer buf = new SampleBuffer(1);
            buf.add(-5, -1);
            s.read(0, 1000, buf);
            long[] wantT = {-5, 1, 50, 100, 150, 250};
            double[] wantV = {-1, 10, 20, 30, 40, 50};
            assertEquals(wantT.length, buf.size());
            for (int i = 0; i < wantT.length; i++) {
                assertEquals(wantT[i], buf.timestamp(i));
                assertEquals(wantV[i], buf.value(i));
            }
        }
    }

    @Test
    void reordersSeriesLongerThanTheCachedScratchInTheirOwnBuffer() {
        Labels a = Labels.of("__name__", "m");
        int half = MergeQuerier.MergedSeries.MAX_CACHED_SCRATCH;
        long[] older = new long[2 * half];
        long[] newer = new long[2 * half];
        for (int i = 0; i < half; i++) {
            older[2 * i] = i;
            older[2 * i + 1] = i;
            newer[2 * i] = half + i;
            newer[2 * i + 1] = half + i;
        }
        try (Block o = block(0, half, a, older);
             Block n = block(half, 2L * half, a, newer);
             // oldest listed first: the pieces arrive out of order and go through the scratch buffer
             Querier q = new MergeQuerier(List.of(o.querier(0, 3L * half), n.querier(0, 3L * half)))) {
            Series s = q.select(List.of(Matcher.equal("__name__", "m"))).get(0);
            for (int round = 0; round < 2; round++) {
                SampleBuffer buf = new SampleBuffer(1);
                s.read(0, 3L * half, buf);
                assertEquals(2 * half, buf.size());
                for (int i = 0; i < 2 * half; i++) {
                    assertEquals(i, buf.timestamp(i));
                    assertEquals(i, buf.value(i));
                }
            }
        }
    }

    @Test
    void agreesWithReferenceOverRandomOverlaps() {
        BlockTestData d1 = BlockTestData.random(new java.util.Random(3), 100, 0, 10_000, 30);
        BlockTestData d2 = BlockTestData.random(new java.util.Random(4), 150, 5_000, 15_000, 30);
        // The reference cannot hold two values at one timestamp: make the second set defer to the first.
        d2.series.forEach((l, s) -> {
            var existing = d1.series.get(l);
            if (existing != null) {
                s.keySet().removeIf(existing::containsKey);
            }
        });
        d2.series.values().removeIf(java.util.Map::isEmpty);
        ReferenceStorage union = new ReferenceStorage();
        BlockTestData all = new BlockTestData();
        d1.series.forEach((l, s) -> all.series.computeIfAbsent(l, k -> new java.util.TreeMap<>()).putAll(s));
        d2.series.forEach((l, s) -> all.series.computeIfAbsent(l, k -> new java.util.TreeMap<>()).putAll(s));
        all.addTo(union);
        try (Block b1 = Block.open(dir.resolve(d1.write(dir, 0, 10_000).ulid()), cache);
             Block b2 = Block.open(dir.resolve(d2.write(dir, 5_000, 15_000).ulid()), cache);
             Querier q = new MergeQuerier(List.of(b1.querier(2_000, 12_000), b2.querier(2_000, 12_000)));
             Querier rq = union.querier(2_000, 12_000)) {
            List<Matcher> m = List.of(Matcher.regex("__name__", "metric_[0-3]"));
            assertEquals(BlockTestData.dump(rq, m, 2_000, 12_000), BlockTestData.dump(q, m, 2_000, 12_000));
            assertEquals(rq.labelValues("instance", m), q.labelValues("instance", m));
        }
    }
}
