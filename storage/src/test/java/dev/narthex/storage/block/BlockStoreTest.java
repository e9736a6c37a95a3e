package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class BlockStoreTest {
    private static final long H = 3600_000L;
    private static final List<Matcher> ALL = List.of(Matcher.regex("__name__", ".+"));

    @TempDir
    Path dir;

    private static BlockStore.Options options(long retention, long bytes) {
        return new BlockStore.Options(retention, bytes, 4 << 20);
    }

    /** Writes 2h blocks covering [0, n*2h) with random data; returns the reference holding all of it. */
    private ReferenceStorage writeBlocks(int n, Random r) {
        ReferenceStorage ref = new ReferenceStorage();
        for (int i = 0; i < n; i++) {
            BlockTestData d = BlockTestData.random(r, 60, i * 2 * H, (i + 1) * 2 * H, 40);
            d.write(dir, i * 2 * H, (i + 1) * 2 * H);
            d.addTo(ref);
        }
        return ref;
    }

    private static void assertSameData(ReferenceStorage ref, BlockStore store, long mint, long maxt) {
        try (Querier q = store.querier(mint, maxt); Querier rq = ref.querier(mint, maxt)) {
            assertEquals(BlockTestData.dump(rq, ALL, mint, maxt), BlockTestData.dump(q, ALL, mint, maxt));
            assertEquals(rq.labelValues("instance", List.of()), q.labelValues("instance", List.of()));
        }
    }

    @Test
    void compactionResultEqualsTheUnion() {
        ReferenceStorage ref = writeBlocks(4, new Random(11));
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            assertEquals(4, store.blocks().size());
            assertEquals(1, store.compact());
            assertEquals(2, store.blocks().size());
            BlockMeta merged = store.blocks().get(0).meta();
            assertEquals(0, merged.minTime());
            assertEquals(6 * H, merged.maxTime());
            assertEquals(2, merged.level());
            assertEquals(3, merged.sources().size());
            assertEquals(3, merged.parents().size());
            for (BlockMeta.Parent p : merged.parents()) {
                assertFalse(Files.exists(dir.resolve(p.ulid())), "parent deleted");
            }
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
            assertSameData(ref, store, 3 * H, 7 * H);
        }
        try (BlockStore reopened = BlockStore.open(dir, options(1000 * H, 0))) {
            assertEquals(2, reopened.blocks().size());
            assertSameData(ref, reopened, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    @Test
    void tombstonesApplyAtQueryTimeAndVanishAfterCompaction() {
        ReferenceStorage ref = writeBlocks(4, new Random(12));
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            List<Matcher> del = List.of(Matcher.equal("job", "job1"));
            store.delete(del, H, 5 * H);
            ref.delete(del, H, 5 * H);
            List<Matcher> del2 = List.of(Matcher.regex("instance", "host-1.*"), Matcher.equal("zone", ""));
            store.delete(del2, Long.MIN_VALUE, Long.MAX_VALUE);
            ref.delete(del2, Long.MIN_VALUE, Long.MAX_VALUE);
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
            long before = store.blocks().stream().mapToLong(b -> b.meta().numSamples()).sum();
            try (BlockStore reopened = BlockStore.open(dir.resolveSibling(dir.getFileName()), options(1000 * H, 0))) {
                assertSameData(ref, reopened, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            store.compact();
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
            store.cleanTombstones();
            for (Block b : store.blocks()) {
                assertTrue(b.tombstones().isEmpty(), b.toString());
            }
            long after = store.blocks().stream().mapToLong(b -> b.meta().numSamples()).sum();
            assertTrue(after < before, after + " < " + before);
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
            assertSameData(ref, store, 2 * H, 4 * H);
        }
    }

    @Test
    void retentionByTimeDropsBlocksEndingTooEarly() {
        ReferenceStorage ref = writeBlocks(5, new Random(13));
        try (BlockStore store = BlockStore.open(dir, options(5 * H, 0))) {
            assertEquals(2 * H, store.compactor().ranges()[0]); // a tenth of 5h is below 2h: only the base range
            assertEquals(1, store.compactor().ranges().length);
            // newest maxTime 10h: blocks ending at 2h and 4h are more than 5h older.
            assertEquals(2, store.applyRetention());
            assertEquals(3, store.blocks().size());
            assertEquals(4 * H, store.blocks().get(0).meta().minTime());
            ref.truncateBefore(4 * H);
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(0, store.applyRetention());
        }
    }

    @Test
    void retentionBySizeDropsOldestBlocks() {
        writeBlocks(4, new Random(14));
        try (BlockStore store = BlockStore.open(dir, options(0, 0))) {
            long each = store.blocks().get(3).sizeBytes();
            long limit = store.blocks().get(3).sizeBytes() + store.blocks().get(2).sizeBytes() + each / 2;
            try (BlockStore sized = BlockStore.open(dir, options(0, limit))) {
                assertEquals(2, sized.applyRetention());
                assertEquals(List.of(4 * H, 6 * H), sized.blocks().stream().map(b -> b.meta().minTime()).toList());
                assertTrue(sized.sizeBytes() <= limit);
            }
        }
    }

    @Test
    void snapshotHardLinksEveryBlock(@TempDir Path snap) throws IOException {
        ReferenceStorage ref = writeBlocks(3, new Random(15));
        try (BlockStore store = BlockStore.open(dir, options(0, 0))) {
            store.delete(List.of(Matcher.equal("job", "job2")), 0, H);
            ref.delete(List.of(Matcher.equal("job", "job2")), 0, H);
            Path target = snap.resolve("snapshot");
            assertEquals(3, store.snapshot(target));
            for (Block b : store.blocks()) {
                Path linked = target.resolve(b.meta().ulid()).resolve(BlockWriter.INDEX);
                assertTrue(Files.isSameFile(linked, b.dir().resolve(BlockWriter.INDEX)));
                assertEquals(Files.getAttribute(linked, "unix:nlink"), 2);
            }
            try (BlockStore fromSnapshot = BlockStore.open(target, options(0, 0))) {
                assertSameData(ref, fromSnapshot, Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
    }

    @Test
    void startupCleansLeftoversAndReportsCorruptBlocks() throws IOException {
        ReferenceStorage ref = writeBlocks(2, new Random(16));
        Files.createDirectories(dir.resolve(Ulid.next() + BlockWriter.TMP_SUFFIX).resolve("x"));
        BlockMeta bad = BlockTestData.random(new Random(17), 5, 10 * H, 12 * H, 3).write(dir, 10 * H, 12 * H);
        Files.writeString(dir.resolve(bad.ulid()).resolve(BlockWriter.META), "{\"ulid\": 1}");
        try (BlockStore store = BlockStore.open(dir, options(0, 0))) {
            assertEquals(2, store.blocks().size());
            assertEquals(1, store.corruptBlocks().size());
            assertTrue(store.corruptBlocks().get(dir.resolve(bad.ulid())).contains("meta.json"));
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
            try (Stream<Path> s = Files.list(dir)) {
                assertTrue(s.noneMatch(p -> p.toString().endsWith(BlockWriter.TMP_SUFFIX)));
            }
        }
    }

    @Test
    void interruptedCompactionKeepsOnlyTheResult() {
        ReferenceStorage ref = writeBlocks(4, new Random(18));
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            // Write the result of a compaction but "crash" before deleting the parents.
            Compactor.compact(dir, store.blocks().subList(0, 3));
        }
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            assertEquals(2, store.blocks().size());
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    @Test
    void disjointBlocksAreListedLatestRangeFirstSoMergedSeriesReadInTimeOrder() {
        ReferenceStorage ref = writeBlocks(4, new Random(23));
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            // The compacted [0, 6h) block has the newest ULID but the oldest range.
            assertEquals(1, store.compact());
            try (Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                List<Long> minTimes = ((MergeQuerier) q).sources().stream()
                    .map(s -> ((BlockQuerier) s).block().meta().minTime()).toList();
                assertEquals(List.of(6 * H, 0L), minTimes);
            }
            assertSameData(ref, store, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    @Test
    void overlappingBlocksAreListedNewestFirst() {
        Labels s = Labels.of("__name__", "x");
        for (long start : new long[] {2 * H, 0}) {
            try (BlockWriter w = BlockWriter.open(dir, start, start + 3 * H)) {
                w.add(s, new long[] {start + 10}, new double[] {1}, 0, 1);
                w.commit();
            }
        }
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0));
             Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            List<Long> minTimes = ((MergeQuerier) q).sources().stream()
                .map(b -> ((BlockQuerier) b).block().meta().minTime()).toList();
            assertEquals(List.of(0L, 2 * H), minTimes);
        }
    }

    @Test
    void queriersOpenedBeforeACompactionKeepReading() {
        ReferenceStorage ref = writeBlocks(4, new Random(19));
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            try (Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                List<Series> before = q.select(ALL);
                store.compact();
                SampleBuffer buf = new SampleBuffer();
                long n = 0;
                for (Series s : before) {
                    buf.clear();
                    s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
                    n += buf.size();
                }
                long want = 0;
                try (Querier rq = ref.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                    for (Series s : rq.select(ALL)) {
                        buf.clear();
                        s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
                        want += buf.size();
                    }
                }
                assertEquals(want, n);
            }
        }
    }

    @Test
    void newerBlockWinsOnEqualTimestampsBeforeAndAfterCompaction() {
        Labels s = Labels.of("__name__", "x");
        for (double v : new double[] {1, 2}) {
            try (BlockWriter w = BlockWriter.open(dir, 0, 2 * H)) {
                w.add(s, new long[] {10, (long) v * 100}, new double[] {v, v}, 0, 2);
                w.commit();
            }
        }
        try (BlockStore store = BlockStore.open(dir, options(1000 * H, 0))) {
            for (int round = 0; round < 2; round++) {
                try (Querier q = store.querier(0, H)) {
                    assertEquals(List.of("x{}: 10=4000000000000000 100=3ff0000000000000 200=4000000000000000"),
                        BlockTestData.dump(q, ALL, 0, H), "round " + round);
                }
                assertEquals(1 - round, store.compact());
            }
            assertEquals(1, store.blocks().size());
        }
    }

    @Test
    void newBlocksAppearAfterReload() {
        try (BlockStore store = BlockStore.open(dir, options(0, 0))) {
            assertEquals(0, store.blocks().size());
            try (BlockWriter w = BlockWriter.open(store.dir(), 0, 10)) {
                w.add(Labels.of("__name__", "x"), new long[] {1}, new double[] {2}, 0, 1);
                w.commit();
            }
            store.reload();
            assertEquals(1, store.blocks().size());
        }
    }
}
