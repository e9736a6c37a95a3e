package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.narthex.storage.wal.FsyncPolicy;
import dev.narthex.storage.wal.Wal;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbWalTest {
    @TempDir
    Path dir;

    private static final TsdbOptions SMALL_SEGMENTS = TsdbOptions.defaults()
            .withWalSegmentSize(4096).withWalFsync(FsyncPolicy.NONE, Duration.ofSeconds(1));

    /** Commits one batch per t in [from, to): series s0..s9, value t + s. */
    private static void write(Tsdb db, int from, int to) {
        for (int t = from; t < to; t++) {
            Appender app = db.appender();
            for (int s = 0; s < 10; s++) {
                app.append(0, Labels.of("__name__", "m", "s", "s" + s), t * 1000L, t + s);
            }
            app.commit();
        }
    }

    /** The timestamps (in seconds) of series s0, checking every series holds the same batches. */
    private static long[] batches(Tsdb db) {
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            List<Series> all = q.select(List.of(Matcher.equal("__name__", "m")));
            long[] first = null;
            for (Series s : all) {
                SampleBuffer b = new SampleBuffer();
                s.read(Long.MIN_VALUE, Long.MAX_VALUE, b);
                long[] ts = new long[b.size()];
                int offset = Integer.parseInt(s.labels().get("s").substring(1));
                for (int i = 0; i < b.size(); i++) {
                    ts[i] = b.timestamp(i) / 1000;
                    assertEquals(ts[i] + offset, b.value(i), 0.0);
                }
                if (first == null) {
                    first = ts;
                } else {
                    assertEquals(first.length, ts.length, "series " + s.labels());
                }
            }
            return first == null ? new long[0] : first;
        }
    }

    private static void assertContiguous(long[] ts, long from, long count) {
        assertEquals(count, ts.length);
        for (int i = 0; i < ts.length; i++) {
            assertEquals(from + i, ts[i]);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}")).sorted().toList();
        }
    }

    @Test
    void reopenReplaysEveryCommittedSample() {
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            write(db, 0, 100);
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "stale"), 5, StaleNaN.VALUE);
            app.append(0, Labels.of("__name__", "rolled_back"), 5, 1);
            app.rollback();
            Appender app2 = db.appender();
            app2.append(0, Labels.of("__name__", "stale"), 5, StaleNaN.VALUE);
            app2.commit();
        }
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            assertContiguous(batches(db), 0, 100);
            assertEquals(11, db.head().stats().series(), "the rolled-back series was never logged");
            try (Querier q = db.querier(0, 10)) {
                SampleBuffer b = new SampleBuffer();
                q.select(List.of(Matcher.equal("__name__", "stale"))).get(0).read(0, 10, b);
                assertTrue(StaleNaN.is(b.value(0)));
            }
            write(db, 100, 110); // appends continue after replay, with new series ids above the old ones
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "new"), 1, 1);
            app.commit();
        }
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            assertContiguous(batches(db), 0, 110);
            assertEquals(12, db.head().stats().series());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            assertThrows(StorageException.class, () -> Tsdb.open(dir, SMALL_SEGMENTS));
            write(db, 0, 1); // the first one is unaffected
        }
    }

    @Test
    void tornTailIsCutAtTheLastGoodRecord() throws IOException {
        try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults())) {
            write(db, 0, 50);
        }
        Path last = segments().get(segments().size() - 1);
        long size = Files.size(last);
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(size - 3); // the last commit's samples record loses its end
        }
        try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults())) {
            assertContiguous(batches(db), 0, 49);
            write(db, 49, 60);
        }
        try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults())) {
            assertContiguous(batches(db), 0, 60);
        }
    }

    @Test
    void flippedByteCutsTheLogThereAndKeepsEverythingBefore() throws IOException {
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            write(db, 0, 200);
        }
        List<Path> before = segments();
        assertTrue(before.size() > 4, "several segments: " + before.size());
        Path victim = before.get(2);
        long size = Files.size(victim);
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x10);
        }
        long survivors;
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            long[] ts = batches(db);
            survivors = ts.length;
            assertTrue(survivors > 0 && survivors < 200, "kept " + survivors);
            assertContiguous(ts, 0, survivors);
            assertTrue(Files.size(victim) < size, "segment cut at the corrupt record");
            for (Path p : before.subList(3, before.size())) {
                // Removed; the first number after the cut is reused, empty, for new writes.
                assertTrue(!Files.exists(p) || Files.size(p) == 0, "later segment removed: " + p);
            }
            write(db, (int) survivors, 250);
        }
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            assertContiguous(batches(db), 0, 250);
        }
    }

    @Test
    void truncationCheckpointsTheWalAndDropsOldSegments() throws IOException {
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            write(db, 0, 100);
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "gone"), 1000, 1);
            app.commit();
            int segmentsBefore = segments().size();
            db.truncateHead(60_000);
            assertTrue(Files.isDirectory(dir.resolve("wal").resolve("checkpoint." + Wal.segmentName(segmentsBefore - 1))));
            assertEquals(1, segments().size(), "only the segment opened after the checkpoint remains");
            assertContiguous(batches(db), 60, 40);
            write(db, 100, 120);
        }
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            assertContiguous(batches(db), 60, 60);
            assertEquals(10, db.head().stats().series(), "the emptied series is not in the checkpoint");
            db.truncateHead(110_000);
            write(db, 120, 130);
        }
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            assertContiguous(batches(db), 110, 20);
            try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
                assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("checkpoint.")).count());
            }
        }
    }

    @Test
    void everyFsyncPolicyPersistsCommits() {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path d = dir.resolve(policy.name());
            TsdbOptions o = TsdbOptions.defaults().withWalFsync(policy, Duration.ofMillis(5));
            try (Tsdb db = Tsdb.open(d, o)) {
                write(db, 0, 20);
            }
            try (Tsdb db = Tsdb.open(d, o)) {
                assertContiguous(batches(db), 0, 20);
            }
        }
    }

    @Test
    void concurrentCommitsReplayToTheSameHead() throws Exception {
        TsdbOptions o = TsdbOptions.defaults().withWalSegmentSize(8192);
        List<String> before;
        // Timestamps mix 0..199 with the clock in microseconds: with background maintenance the head would
        // be flushed and the small ones rejected as out of bounds.
        try (Tsdb db = Tsdb.open(dir, o, false)) {
            Thread[] writers = new Thread[3];
            for (int w = 0; w < writers.length; w++) {
                int id = w;
                writers[w] = new Thread(() -> {
                    for (int b = 0; b < 200; b++) {
                        Appender app = db.appender();
                        // Writers share series "shared" with racing timestamps: some samples are dropped at
                        // commit as out of order, and the WAL must log exactly what the head kept.
                        try {
                            app.append(0, Labels.of("__name__", "shared"), System.nanoTime() / 1000, id);
                        } catch (StorageException.OutOfOrder | StorageException.DuplicateTimestamp lostTheRace) {
                            // Another writer committed a later sample first; counted like a drop at commit.
                        }
                        app.append(0, Labels.of("__name__", "own", "w", Integer.toString(id)), b, b);
                        try {
                            app.commit();
                        } catch (StorageException e) {
                            throw new AssertionError(e);
                        }
                    }
                });
            }
            for (Thread t : writers) {
                t.start();
            }
            for (Thread t : writers) {
                t.join();
            }
            before = dumpAll(db);
            assertEquals(600 + 600 - db.head().stats().outOfOrderSamples() - db.head().stats().duplicateSamples(),
                    db.head().stats().samplesAppended());
        }
        try (Tsdb db = Tsdb.open(dir, o, false)) {
            assertEquals(before, dumpAll(db));
        }
    }

    private static List<String> dumpAll(Tsdb db) {
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return q.select(List.of(Matcher.regex("__name__", ".+"))).stream().map(s -> {
                SampleBuffer b = new SampleBuffer();
                s.read(Long.MIN_VALUE, Long.MAX_VALUE, b);
                StringBuilder sb = new StringBuilder(s.labels().toString());
                for (int i = 0; i < b.size(); i++) {
                    sb.append(' ').append(b.timestamp(i)).append('=').append(b.value(i));
                }
                return sb.toString();
            }).toList();
        }
    }

    @Test
    void aFailedWalWriteLeavesTheHeadUntouched() {
        try (Tsdb db = Tsdb.open(dir, SMALL_SEGMENTS)) {
            write(db, 0, 3);
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "m", "s", "s0"), 10_000, 1);
            db.head().wal().close();
            assertThrows(StorageException.class, app::commit);
            assertContiguous(batches(db), 0, 3);
            assertEquals(30, db.head().stats().samplesAppended());
        }
    }

    @Test
    void inMemoryDatabaseWorksWithoutADirectory() {
        try (Tsdb db = Tsdb.inMemory()) {
            write(db, 0, 5);
            assertContiguous(batches(db), 0, 5);
            db.truncateHead(3000);
            assertContiguous(batches(db), 3, 2);
        }
    }
}
