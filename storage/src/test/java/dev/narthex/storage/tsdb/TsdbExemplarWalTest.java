package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.exemplar.Exemplar;
import dev.narthex.storage.exemplar.SeriesExemplars;
import dev.narthex.storage.wal.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbExemplarWalTest {
    @TempDir
    Path dir;

    private static final TsdbOptions OPTIONS = TsdbOptions.defaults().withMaxExemplars(100)
            .withWalSegmentSize(4096).withWalFsync(FsyncPolicy.NONE, Duration.ofSeconds(1));
    private static final Labels A = Labels.of("__name__", "m", "s", "a");
    private static final List<List<Matcher>> ALL = List.of(List.of(Matcher.regex("__name__", ".+")));

    /** One commit per second t in [from, to): samples of two series, an exemplar on series "a" only. */
    private static void write(Tsdb db, int from, int to) {
        for (int t = from; t < to; t++) {
            Appender app = db.appender();
            long ref = app.append(0, Labels.of("__name__", "m", "s", "a"), t * 1000L, t);
            app.append(0, Labels.of("__name__", "m", "s", "b"), t * 1000L, t);
            app.appendExemplar(ref, null, Labels.of("trace_id", "t" + t), t + 0.5, t * 1000L, true);
            app.commit();
        }
    }

    private static List<String> dump(Tsdb db) {
        List<String> out = new ArrayList<>();
        for (SeriesExemplars se : db.exemplars().selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, ALL)) {
            for (Exemplar e : se.exemplars()) {
                out.add(se.seriesLabels() + " " + e.labels() + " " + e.value() + " " + e.timestamp());
            }
        }
        return out;
    }

    @Test
    void exemplarsSurviveARestartThroughTheWal() {
        List<String> before;
        try (Tsdb db = Tsdb.open(dir, OPTIONS, false)) {
            write(db, 1, 6);
            Appender app = db.appender(); // an exemplar for a brand-new series without samples in its batch
            long ref = app.append(0, Labels.of("__name__", "n"), 1000, 1);
            app.commit();
            Appender ex = db.appender();
            ex.appendExemplar(ref, null, Labels.of("trace_id", "lone"), 7, 1000, true);
            ex.commit();
            Appender rolled = db.appender();
            rolled.appendExemplar(ref, null, Labels.of("trace_id", "rolled"), 8, 2000, true);
            rolled.rollback();
            before = dump(db);
        }
        assertEquals(6, before.size());
        assertEquals(A + " {trace_id=\"t1\"} 1.5 1000", before.get(0));
        assertEquals(Labels.of("__name__", "n") + " {trace_id=\"lone\"} 7.0 1000", before.get(5));
        try (Tsdb db = Tsdb.open(dir, OPTIONS, false)) {
            assertEquals(before, dump(db));
            assertEquals(6, db.exemplars().exemplarsInStorage());
        }
    }

    @Test
    void replayIntoASmallerRingKeepsTheNewestAndADisabledRingKeepsNone() {
        try (Tsdb db = Tsdb.open(dir, OPTIONS, false)) {
            write(db, 1, 11);
        }
        try (Tsdb db = Tsdb.open(dir, OPTIONS.withMaxExemplars(3), false)) {
            List<String> kept = dump(db);
            assertEquals(3, kept.size());
            assertEquals(A + " {trace_id=\"t8\"} 8.5 8000", kept.get(0));
        }
        try (Tsdb db = Tsdb.open(dir, OPTIONS.withMaxExemplars(0), false)) {
            assertEquals(List.of(), dump(db));
        }
    }

    @Test
    void checkpointKeepsExemplarsFromTheTruncationTimeOn() {
        try (Tsdb db = Tsdb.open(dir, OPTIONS, false)) {
            write(db, 1, 61);
            db.truncateHead(50_000);
            write(db, 61, 63);
        }
        try (Tsdb db = Tsdb.open(dir, OPTIONS, false)) {
            List<String> kept = dump(db);
            assertEquals(13, kept.size(), kept.toString());
            assertEquals(A + " {trace_id=\"t50\"} 50.5 50000", kept.get(0));
            assertEquals(A + " {trace_id=\"t62\"} 62.5 62000", kept.get(12));
        }
    }
}
