package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.block.Block;
import dev.narthex.storage.block.BlockWriter;
import dev.narthex.storage.wal.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database with its blocks: flushing, restart bounds, deletion, snapshots, backfill, retention, stats. */
class TsdbBlocksTest {
    private static final long H = 3600_000L;
    private static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "b");
    private static final Labels CPU_A = Labels.of("__name__", "cpu", "job", "a", "mode", "idle");

    @TempDir
    Path dir;

    private static TsdbOptions options() {
        return TsdbOptions.defaults().withWalFsync(FsyncPolicy.NONE, Duration.ofSeconds(1));
    }

    /** Appends one sample per minute for each series over {@code [from, to)}; value = t / 60000. */
    private static void fill(Tsdb db, long from, long to, Labels... series) {
        Appender app = db.appender();
        for (long t = from; t < to; t += 60_000) {
            for (Labels l : series) {
                app.append(0, l, t, t / 60_000.0);
            }
        }
        app.commit();
    }

    private static List<String> read(Tsdb db, long mint, long maxt, Matcher... ms) {
        List<String> out = new ArrayList<>();
        SampleBuffer buf = new SampleBuffer();
        try (Querier q = db.querier(mint, maxt)) {
            for (Series s : q.select(List.of(ms))) {
                buf.clear();
                s.read(mint, maxt, buf);
                out.add(s.labels() + " n=" + buf.size() + (buf.isEmpty() ? "" : " " + buf.timestamp(0) + ".." + buf.timestamp(buf.size() - 1)));
                for (int i = 0; i < buf.size(); i++) {
                    assertEquals(buf.timestamp(i) / 60_000.0, buf.value(i), s.labels() + " @" + buf.timestamp(i));
                }
            }
        }
        return out;
    }

    @Test
    void headFlushesOldestWholeRangeOnceItSpansOneAndAHalfRanges() {
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            fill(db, 0, 3 * H, UP_A, UP_B);
            assertEquals(0, db.flushHead(), "3h of head data is exactly 1.5 ranges: not yet");
            fill(db, 3 * H, 3 * H + 120_000, UP_A);
            assertEquals(1, db.flushHead());
            List<Block> blocks = db.blockStore().blocks();
            assertEquals(1, blocks.size());
            assertEquals(0, blocks.get(0).meta().minTime());
            assertEquals(2 * H, blocks.get(0).meta().maxTime());
            assertEquals(240, blocks.get(0).meta().numSamples());
            assertEquals(2 * H, db.head().minTime());
            assertEquals(List.of("up{job=\"a\"} n=182 0..10860000", "up{job=\"b\"} n=180 0..10740000"),
                    read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(1, db.metrics().compactionsTotal());
            assertEquals(1, db.metrics().blocksLoaded());
        }
    }

    @Test
    void flushWaitsForQueriersOpenedBeforeItSoTheyMissNoSample() throws Exception {
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            fill(db, 0, 4 * H, UP_A);
            Querier early = db.querier(Long.MIN_VALUE, Long.MAX_VALUE);
            Thread flusher = new Thread(db::flushHead);
            flusher.start();
            flusher.join(300);
            assertTrue(flusher.isAlive(), "the flush waits for the querier opened before its block");
            SampleBuffer buf = new SampleBuffer();
            early.select(List.of()).get(0).read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
            assertEquals(240, buf.size());
            early.close();
            flusher.join(10_000);
            assertFalse(flusher.isAlive());
            assertEquals(2 * H, db.head().minValidTime());
            assertEquals(List.of("up{job=\"a\"} n=240 0..14340000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void aFlushClosesItsWindowToAppendsBeforeReadingItButKeepsItVisible() {
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            fill(db, 0, H, UP_A);
            db.head().raiseMinValidTime(2 * H);
            assertThrows(StorageException.OutOfBounds.class, () -> db.appender().append(0, UP_B, 2 * H - 1, 1));
            db.appender().append(0, UP_B, 2 * H, 120);
            assertEquals(List.of("up{job=\"a\"} n=60 0..3540000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void afterRestartSamplesBeforeTheNewestBlockAreOutOfBounds() {
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            fill(db, 0, 4 * H, UP_A);
            db.flushHead();
        }
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            assertEquals(2 * H, db.head().minValidTime());
            Appender app = db.appender();
            StorageException e = assertThrows(StorageException.OutOfBounds.class, () -> app.append(0, UP_B, 2 * H - 1, 1));
            assertEquals("out of bounds", e.getMessage());
            app.append(0, UP_B, 2 * H, 120);
            app.commit();
            assertEquals(List.of("up{job=\"a\"} n=240 0..14340000", "up{job=\"b\"} n=1 7200000..7200000"),
                    read(db, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void gracefulCloseKeepsThePartialHeadInTheWal() {
        try (Tsdb db = Tsdb.open(dir, options())) {
            fill(db, 0, H, UP_A);
        }
        assertTrue(blockDirs().isEmpty(), "close must not flush the head");
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            assertEquals(List.of("up{job=\"a\"} n=60 0..3540000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void backgroundMaintenanceFlushesAfterAppendsCrossTheThreshold() throws InterruptedException {
        try (Tsdb db = Tsdb.open(dir, options())) {
            fill(db, 0, 5 * H, UP_A);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (db.blockStore().blocks().size() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("up{job=\"a\"} n=300 0..17940000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            assertFalse(db.blockStore().blocks().isEmpty());
        }
    }

    @Test
    void deleteHidesSamplesInHeadAndBlocksAcrossRestartAndCleanup() {
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            fill(db, 0, 5 * H, UP_A, UP_B);
            db.flushHead();
            assertEquals(1, db.blockStore().blocks().size());
            // [1h, 4h30m] spans the block and the head.
            db.delete(List.of(Matcher.of(Matcher.Type.EQUAL, "job", "a")), H, 4 * H + 30 * 60_000);
            List<String> expected = List.of("up{job=\"a\"} n=89 0..17940000", "up{job=\"b\"} n=300 0..17940000");
            assertEquals(expected, read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(List.of("up{job=\"b\"} n=121 7200000..14400000"), read(db, 2 * H, 4 * H));
            db.close();
            try (Tsdb reopened = Tsdb.open(dir, options(), false)) {
                assertEquals(expected, read(reopened, Long.MIN_VALUE, Long.MAX_VALUE));
                reopened.cleanTombstones();
                assertTrue(reopened.blockStore().blocks().stream().allMatch(b -> b.tombstones().isEmpty()));
                assertEquals(expected, read(reopened, Long.MIN_VALUE, Long.MAX_VALUE));
                assertEquals(1, reopened.metrics().tombstoneCleanupCount());
                // Flushing the head writes only the surviving samples.
                fill(reopened, 5 * H, 6 * H, UP_A);
                reopened.flushHead();
                assertEquals(expected.size(), read(reopened, Long.MIN_VALUE, Long.MAX_VALUE).size());
                assertEquals(List.of("up{job=\"a\"} n=29 16260000..17940000"),
                        read(reopened, 4 * H, 5 * H - 1, Matcher.of(Matcher.Type.EQUAL, "job", "a")));
            }
        }
    }

    @Test
    void snapshotHardLinksBlocksAndWritesTheHeadAsABlock() throws IOException {
        Path snap = dir.resolve("snapshots").resolve("s1");
        Path snapNoHead = dir.resolve("snapshots").resolve("s2");
        List<String> all;
        try (Tsdb db = Tsdb.open(dir.resolve("db"), options(), false)) {
            fill(db, 0, 5 * H, UP_A, CPU_A);
            db.flushHead();
            all = read(db, Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(2, db.snapshot(snap, true));
            assertEquals(1, db.snapshot(snapNoHead, false));
            Path blockFile = db.blockStore().blocks().get(0).dir().resolve(BlockWriter.INDEX);
            Path linked = snap.resolve(db.blockStore().blocks().get(0).meta().ulid()).resolve(BlockWriter.INDEX);
            assertTrue(Files.isSameFile(blockFile, linked), "blocks are hard-linked");
        }
        try (Tsdb fromSnapshot = Tsdb.open(snap, options(), false)) {
            assertEquals(all, read(fromSnapshot, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        try (Tsdb fromSnapshot = Tsdb.open(snapNoHead, options(), false)) {
            assertEquals(List.of("cpu{job=\"a\", mode=\"idle\"} n=120 0..7140000",
                    "up{job=\"a\"} n=120 0..7140000"), read(fromSnapshot, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void crashMidFlushLosesNothing() throws IOException {
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            fill(db, 0, 5 * H, UP_A);
            // A flush that died while writing: its temporary directory stays behind.
            try (BlockWriter w = BlockWriter.open(dir, 0, 2 * H)) {
                w.add(UP_A, new long[] {0}, new double[] {0}, 0, 1);
                Path tmp = dir.resolve(w.ulid() + BlockWriter.TMP_SUFFIX);
                assertTrue(Files.isDirectory(tmp));
                Files.copy(tmp, dir.resolve("01ARZ3NDEKTSV4RRFFQ69G5FAV" + BlockWriter.TMP_SUFFIX));
            }
        }
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            assertTrue(blockDirs().isEmpty(), "the leftover temporary directory is removed");
            assertEquals(List.of("up{job=\"a\"} n=300 0..17940000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            // A flush that died after committing its block but before truncating the head.
            SampleBuffer buf = new SampleBuffer();
            try (BlockWriter w = BlockWriter.open(dir, 0, 2 * H)) {
                for (Series s : db.head().seriesInRange(0, 2 * H - 1)) {
                    buf.clear();
                    s.read(0, 2 * H - 1, buf);
                    w.add(s.labels(), buf);
                }
                w.commit();
            }
        }
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            assertEquals(1, db.blockStore().blocks().size());
            assertEquals(2 * H, db.head().minValidTime());
            assertEquals(List.of("up{job=\"a\"} n=300 0..17940000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            db.flushHead();
            assertEquals(List.of("up{job=\"a\"} n=300 0..17940000"), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    private static void backfill(Path dataDir, long start, int blocks, Labels l) {
        for (int b = 0; b < blocks; b++) {
            long from = start + b * 2 * H;
            int n = 120;
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = from + i * 60_000L;
                vs[i] = ts[i] / 60_000.0;
            }
            try (BlockWriter w = BlockWriter.open(dataDir, from, from + 2 * H)) {
                w.add(l, ts, vs, 0, n);
                w.commit();
            }
        }
    }

    @Test
    void backfilledBlocksAreServedAtOnceCompactedLaterAndSurviveDefaultRetention() {
        long y2023 = Instant.parse("2023-03-01T00:00:00Z").toEpochMilli();
        backfill(dir, y2023, 4, UP_A);
        for (TsdbOptions opts : List.of(options(), options().withRetention(Duration.ofDays(365L * 100)))) {
            try (Tsdb db = Tsdb.open(dir, opts, false)) {
                assertEquals(List.of("up{job=\"a\"} n=480 " + y2023 + ".." + (y2023 + 8 * H - 60_000)),
                        read(db, Long.MIN_VALUE, Long.MAX_VALUE));
                assertThrows(StorageException.OutOfBounds.class, () -> db.appender().append(0, UP_B, y2023, 1));
                db.compact();
                assertEquals(List.of("up{job=\"a\"} n=480 " + y2023 + ".." + (y2023 + 8 * H - 60_000)),
                        read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            }
        }
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            assertEquals(2, db.blockStore().blocks().size(), "the first three 2h blocks were compacted into one 6h block");
            assertEquals(6 * H, db.blockStore().blocks().get(0).meta().maxTime() - db.blockStore().blocks().get(0).meta().minTime());
        }
    }

    @Test
    void backgroundMaintenanceCompactsBackfilledBlocksRightAfterOpen() throws InterruptedException {
        long y2023 = Instant.parse("2023-03-01T00:00:00Z").toEpochMilli();
        backfill(dir, y2023, 4, UP_A);
        try (Tsdb db = Tsdb.open(dir, options().withRetention(Duration.ofDays(365L * 100)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (db.blockStore().blocks().size() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, db.blockStore().blocks().size(), "compacted well before the first periodic round (1 min)");
            assertEquals(List.of("up{job=\"a\"} n=480 " + y2023 + ".." + (y2023 + 8 * H - 60_000)),
                    read(db, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void timeRetentionCountsFromTheNewestDataNotTheClock() {
        backfill(dir, 0, 1, UP_A);
        backfill(dir, 3 * 24 * H, 1, UP_B);
        try (Tsdb db = Tsdb.open(dir, options().withRetention(Duration.ofDays(2)), false)) {
            db.compact();
            assertEquals(List.of("up{job=\"b\"} n=120 " + 3 * 24 * H + ".." + (3 * 24 * H + 2 * H - 60_000)), read(db, Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(1, db.metrics().timeRetentionsTotal());
            assertEquals(0, db.metrics().sizeRetentionsTotal());
        }
    }

    @Test
    void sizeRetentionCountsTheWalAndDropsTheOldestBlocks() {
        backfill(dir, 0, 3, UP_A);
        long[] sizes = new long[3];
        try (Tsdb db = Tsdb.open(dir, options(), false)) {
            for (int i = 0; i < 3; i++) {
                sizes[i] = db.blockStore().blocks().get(i).sizeBytes();
            }
            assertEquals(sizes[0] + sizes[1] + sizes[2], db.metrics().storageBlocksBytes());
        }
        long limit = sizes[1] + sizes[2] + 50;
        try (Tsdb db = Tsdb.open(dir, options().withRetentionBytes(limit), false)) {
            fill(db, 6 * H, 6 * H + 30 * 60_000, UP_B); // puts a few hundred bytes into the WAL
            db.head().wal().sync();
            db.compact();
            assertEquals(1, db.blockStore().blocks().size(), "WAL + 2 blocks exceed the limit: only the newest block stays");
            assertEquals(4 * H, db.blockStore().blocks().get(0).meta().minTime());
            assertEquals(1, db.metrics().sizeRetentionsTotal());
            assertEquals(limit, db.metrics().retentionLimitBytes());
        }
    }

    @Test
    void statsAndMetricsDescribeTheHead() {
        try (Tsdb db = Tsdb.inMemory()) {
            Appender app = db.appender();
            for (int i = 0; i < 12; i++) {
                app.append(0, Labels.of("__name__", "m" + (i % 3), "instance", "host-" + i), 1000, i);
            }
            app.append(0, UP_A, 500, 1);
            app.append(0, UP_A, 2500, 1);
            app.commit();
            TsdbStats s = db.stats();
            assertEquals(13, s.numSeries());
            assertEquals(13, s.chunkCount());
            assertEquals(500, s.minTime());
            assertEquals(2500, s.maxTime());
            assertEquals(List.of(new TsdbStats.Entry("m0", 4), new TsdbStats.Entry("m1", 4), new TsdbStats.Entry("m2", 4),
                    new TsdbStats.Entry("up", 1)), s.seriesCountByMetricName());
            assertEquals(new TsdbStats.Entry("instance", 12), s.labelValueCountByLabelName().get(0));
            assertEquals(List.of(new TsdbStats.Entry("__name__", 4), new TsdbStats.Entry("job", 1)),
                    s.labelValueCountByLabelName().subList(1, 3));
            // "host-N" is 6 bytes for N < 10, 7 above: 10 * 6 + 2 * 7.
            assertEquals(new TsdbStats.Entry("instance", 74), s.memoryInBytesByLabelName().get(0));
            assertEquals(10, s.seriesCountByLabelValuePair().size());
            assertEquals(new TsdbStats.Entry("__name__=m0", 4), s.seriesCountByLabelValuePair().get(0));
            assertEquals(17, s.numLabelPairs());
            assertEquals(17, db.stats(20).seriesCountByLabelValuePair().size(), "a larger limit lists every pair");
            assertEquals(List.of(new TsdbStats.Entry("m0", 4), new TsdbStats.Entry("m1", 4)), db.stats(2).seriesCountByMetricName());
            assertEquals(14, db.metrics().headSamplesAppendedTotal());
            assertEquals(13, db.metrics().snapshot().get("prometheus_tsdb_head_series"));
            assertEquals(500, db.metrics().snapshot().get("prometheus_tsdb_head_min_time"));
            assertEquals(2500, db.metrics().snapshot().get("prometheus_tsdb_head_max_time"));
            assertEquals(500, db.metrics().lowestTimestamp());
        }
    }

    private List<Path> blockDirs() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("wal") && !p.getFileName().toString().equals("lock")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
