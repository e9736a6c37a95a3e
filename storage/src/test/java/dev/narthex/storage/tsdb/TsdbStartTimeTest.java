package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.wal.FsyncPolicy;
import dev.narthex.storage.wal.WalRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start timestamps through the whole database: head, WAL replay, checkpoint, head flush into a block. */
class TsdbStartTimeTest {
    private static final long H = 3600_000L;
    private static final Labels DELTA = Labels.of("__name__", "d_total", "job", "a");
    private static final Labels PLAIN = Labels.of("__name__", "plain_total", "job", "a");

    @TempDir
    Path dir;

    private static TsdbOptions options() {
        return TsdbOptions.defaults().withWalFsync(FsyncPolicy.NONE, Duration.ofSeconds(1));
    }

    /** Per minute in [from, to): the delta series with ST = previous sample (every third one without), and a plain series. */
    private static void write(Tsdb db, long from, long to) {
        Appender app = db.appender();
        for (long t = from; t < to; t += 60_000) {
            app.append(0, DELTA, t, expectedStart(t), 1.0);
            app.append(0, PLAIN, t, t / 1000.0);
        }
        app.commit();
    }

    private static long expectedStart(long t) {
        return (t / 60_000) % 3 == 2 ? 0 : t - 60_000;
    }

    private static SampleBuffer read(Tsdb db, Labels labels, long mint, long maxt) {
        try (Querier q = db.querier(mint, maxt)) {
            List<Series> found = q.select(List.of(Matcher.equal("__name__", labels.get("__name__"))));
            assertEquals(1, found.size());
            SampleBuffer out = new SampleBuffer();
            found.get(0).read(mint, maxt, out);
            return out;
        }
    }

    private static void assertStartTimes(SampleBuffer got, long from, long to) {
        assertEquals((to - from) / 60_000, got.size());
        for (int i = 0; i < got.size(); i++) {
            long t = got.timestamp(i);
            assertEquals(from + i * 60_000L, t);
            assertEquals(expectedStart(t), got.startTime(i), "start of the sample at " + t);
        }
    }

    private boolean walHasStartTimeRecord() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("wal"))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] b = Files.readAllBytes(p);
                for (int pos = 0; pos + WalRecords.HEADER_SIZE <= b.length; ) {
                    int len = (b[pos + 1] & 0xFF) | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF) << 16 | (b[pos + 4] & 0xFF) << 24;
                    if (b[pos] == WalRecords.START_TIMES) {
                        return true;
                    }
                    if (b[pos] == 0) {
                        break; // type 0 is no record: nothing more to read here
                    }
                    pos += WalRecords.HEADER_SIZE + len;
                }
            }
        }
        return false;
    }

    @Test
    void headKeepsStartTimesAndSeriesWithoutThemReadWithoutAColumn() {
        try (Tsdb db = Tsdb.inMemory(options())) {
            write(db, 0, 30 * 60_000);
            assertStartTimes(read(db, DELTA, 0, H), 0, 30 * 60_000);
            assertFalse(read(db, PLAIN, 0, H).hasStartTimes());
            SampleBuffer narrow = read(db, DELTA, 5 * 60_000, 6 * 60_000);
            assertEquals(2, narrow.size());
            assertEquals(expectedStart(5 * 60_000), narrow.startTime(0));
        }
    }

    @Test
    void walReplayRestoresStartTimes() throws IOException {
        try (Tsdb db = Tsdb.open(dir, options())) {
            write(db, 0, 30 * 60_000);
            write(db, 30 * 60_000, 40 * 60_000);
        }
        assertTrue(walHasStartTimeRecord());
        try (Tsdb db = Tsdb.open(dir, options())) {
            assertStartTimes(read(db, DELTA, 0, H), 0, 40 * 60_000);
            assertFalse(read(db, PLAIN, 0, H).hasStartTimes());
        }
    }

    @Test
    void aWalWithoutStartTimesHasNoStartTimeRecord() throws IOException {
        try (Tsdb db = Tsdb.open(dir, options())) {
            Appender app = db.appender();
            for (long t = 0; t < 10 * 60_000; t += 60_000) {
                app.append(0, PLAIN, t, 1.0);
                app.append(0, DELTA, t, 0, 1.0);
            }
            app.commit();
        }
        assertFalse(walHasStartTimeRecord());
    }

    @Test
    void checkpointAndHeadFlushKeepStartTimes() throws IOException {
        try (Tsdb db = Tsdb.open(dir, options())) {
            write(db, 0, 4 * H);
            db.flushHead(); // the commit may already have started the same flush in the background
            assertEquals(1, db.blockStore().blocks().size(), "the first two hours go into a block");
            assertTrue(walHasStartTimeRecord());
            assertStartTimes(read(db, DELTA, 0, 4 * H), 0, 4 * H);
            db.truncateHead(3 * H); // checkpoints the WAL past the block
        }
        try (Tsdb db = Tsdb.open(dir, options())) {
            // the block holds [0, 2h), the replayed checkpoint and segments the rest from 3h
            assertStartTimes(read(db, DELTA, 0, 2 * H - 1), 0, 2 * H);
            assertStartTimes(read(db, DELTA, 3 * H, 4 * H), 3 * H, 4 * H);
        }
    }
}
