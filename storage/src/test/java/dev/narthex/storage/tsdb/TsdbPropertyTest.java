package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.wal.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives random appends (gaps, stale markers, NaNs), rollbacks, head truncations, reopens (WAL
 * replay), head flushes into blocks, compactions with retention, and deletions through a {@link Tsdb}
 * and the naive {@link ReferenceStorage}, and checks that every query answers the same.
 */
class TsdbPropertyTest {
    private static final String[] JOBS = {"api", "db", "web", ""};
    private static final String[] NAMES = {"up", "requests_total", "cpu"};
    private static final String[] PATTERNS = {"api", "api|db", "", ".*", ".+", "re.*", "u.", "(db|web)", "c.*|up"};

    @TempDir
    Path dir;

    private long flushes;
    private long retentionDrops;

    @Test
    void headWalBlocksCompactionRetentionAndDeletionAgreeWithTheReferenceModel() {
        for (long seed = 1; seed <= 4; seed++) {
            run(seed, 300, dir.resolve("s" + seed));
        }
        assertTrue(flushes > 0, "the runs flushed the head into blocks");
        assertTrue(retentionDrops > 0, "retention dropped blocks");
    }

    @Tag("slow")
    @Test
    void manySeedsAgreeWithTheReferenceModel() {
        for (long seed = 100; seed < 140; seed++) {
            run(seed, 2000, dir.resolve("s" + seed));
        }
    }

    private void run(long seed, int ops, Path path) {
        Random r = new Random(seed);
        TsdbOptions options = TsdbOptions.defaults().withWalSegmentSize(32 << 10).withWalFsync(FsyncPolicy.NONE, Duration.ofSeconds(1))
                .withBlockRange(Duration.ofMillis(500))
                // Odd seeds keep 1.5s: retention drops blocks (and compaction only merges overlaps);
                // even seeds keep 60s: blocks compact into 1.5s and 4.5s ranges.
                .withRetention(Duration.ofMillis(seed % 2 == 1 ? 1500 : 60_000));
        ReferenceStorage ref = new ReferenceStorage();
        Map<Labels, long[]> last = new HashMap<>(); // committed {t, bits} per series
        // Series whose newest sample was deleted: the head still orders appends after it until the
        // series is dropped, which the model does not follow, so they get no more appends.
        Set<Labels> tainted = new HashSet<>();
        long minValid = Long.MIN_VALUE;
        Tsdb db = Tsdb.open(path, options, false);
        try {
            for (int op = 0; op < ops; op++) {
                int what = r.nextInt(100);
                if (what < 75) {
                    Appender app = db.appender();
                    Appender refApp = ref.appender();
                    Map<Labels, long[]> pending = new HashMap<>();
                    int n = 1 + r.nextInt(12);
                    for (int i = 0; i < n; i++) {
                        Labels l = Labels.of("__name__", NAMES[r.nextInt(NAMES.length)], "job", JOBS[r.nextInt(JOBS.length)]);
                        if (tainted.contains(l)) {
                            continue;
                        }
                        long[] prev = pending.containsKey(l) ? pending.get(l) : last.get(l);
                        long t = prev == null ? r.nextInt(2000) : prev[0] + r.nextInt(60) - 8;
                        double v = switch (r.nextInt(10)) {
                            case 0 -> StaleNaN.VALUE;
                            case 1 -> Double.NaN;
                            case 2 -> prev == null ? 1 : Double.longBitsToDouble(prev[1]);
                            default -> r.nextInt(100) / 4.0;
                        };
                        long bits = Double.doubleToRawLongBits(v);
                        Class<?> expected = null;
                        if (t < minValid) {
                            expected = StorageException.OutOfBounds.class;
                        } else if (prev != null && t < prev[0]) {
                            expected = StorageException.OutOfOrder.class;
                        } else if (prev != null && t == prev[0] && bits != prev[1]) {
                            expected = StorageException.DuplicateTimestamp.class;
                        }
                        try {
                            app.append(0, l, t, v);
                            if (expected != null) {
                                fail("seed " + seed + " op " + op + ": expected " + expected.getSimpleName() + " for " + l + " t=" + t);
                            }
                            if (prev == null || t > prev[0]) {
                                refApp.append(0, l, t, v);
                                pending.put(l, new long[] {t, bits});
                            }
                        } catch (StorageException e) {
                            assertEquals(expected, e.getClass(), "seed " + seed + " op " + op + " " + l + " t=" + t);
                        }
                    }
                    if (r.nextInt(5) == 0) {
                        app.rollback();
                        refApp.rollback();
                    } else {
                        app.commit();
                        refApp.commit();
                        last.putAll(pending);
                    }
                } else if (what < 80 && db.blockStore().blocks().isEmpty()) {
                    long mint = minValid == Long.MIN_VALUE ? r.nextInt(1500) : minValid + r.nextInt(100);
                    db.truncateHead(mint);
                    ref.truncateBefore(mint);
                    minValid = mint;
                    last.values().removeIf(p -> p[0] < mint);
                } else if (what < 84) {
                    db.close();
                    db = Tsdb.open(path, options, false);
                    // Only the blocks carry the head's lower bound across a restart.
                    minValid = db.blockStore().blocks().isEmpty() ? Long.MIN_VALUE : db.head().minValidTime();
                } else if (what < 88) {
                    long dropsBefore = db.metrics().timeRetentionsTotal();
                    db.compact();
                    minValid = Math.max(minValid, db.head().minValidTime());
                    if (db.metrics().timeRetentionsTotal() > dropsBefore) {
                        // Time retention drops the oldest blocks: everything before the oldest kept one.
                        ref.truncateBefore(db.blockStore().blocks().get(0).meta().minTime());
                        retentionDrops++;
                    }
                    flushes += db.metrics().compactionsTotal();
                } else if (what < 91) {
                    List<Matcher> ms = randomMatchers(r);
                    long mint = r.nextInt(5000) - 500;
                    long maxt = mint + r.nextInt(1500);
                    db.delete(ms, mint, maxt);
                    ref.delete(ms, mint, maxt);
                    if (r.nextBoolean()) {
                        db.cleanTombstones();
                    }
                    Map<Labels, Long> newest = newest(ref);
                    last.forEach((l, p) -> {
                        Long n = newest.get(l);
                        if (n == null || n < p[0]) {
                            tainted.add(l);
                        }
                    });
                } else {
                    compare(db, ref, r, seed + "/" + op);
                }
            }
            compare(db, ref, r, seed + "/end");
            db.close();
            db = Tsdb.open(path, options, false);
            compare(db, ref, r, seed + "/reopened");
        } finally {
            db.close();
        }
    }

    private static void compare(Tsdb db, ReferenceStorage ref, Random r, String where) {
        for (int k = 0; k < 12; k++) {
            long mint = r.nextInt(4) == 0 ? Long.MIN_VALUE : r.nextInt(6000) - 500;
            long maxt = r.nextInt(4) == 0 ? Long.MAX_VALUE : mint + r.nextInt(4000);
            List<Matcher> ms = randomMatchers(r);
            try (Querier a = db.querier(mint, maxt); Querier b = ref.querier(mint, maxt)) {
                String ctx = where + " [" + mint + "," + maxt + "] " + ms;
                assertEquals(dump(b.select(ms), mint, maxt), dump(a.select(ms), mint, maxt), ctx);
                assertEquals(b.labelNames(ms), a.labelNames(ms), ctx);
                assertEquals(b.labelValues("job", ms), a.labelValues("job", ms), ctx);
                assertEquals(b.labelValues("__name__", ms), a.labelValues("__name__", ms), ctx);
            }
        }
    }

    private static List<Matcher> randomMatchers(Random r) {
        List<Matcher> ms = new ArrayList<>();
        int m = r.nextInt(3);
        for (int i = 0; i < m; i++) {
            ms.add(Matcher.of(Matcher.Type.values()[r.nextInt(4)], r.nextBoolean() ? "job" : "__name__",
                    PATTERNS[r.nextInt(PATTERNS.length)]));
        }
        return ms;
    }

    private static Map<Labels, Long> newest(ReferenceStorage ref) {
        Map<Labels, Long> out = new HashMap<>();
        SampleBuffer buf = new SampleBuffer();
        try (Querier q = ref.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (Series s : q.select(List.of())) {
                buf.clear();
                s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
                out.put(s.labels(), buf.timestamp(buf.size() - 1));
            }
        }
        return out;
    }

    private static List<String> dump(List<Series> series, long mint, long maxt) {
        List<String> out = new ArrayList<>();
        SampleBuffer buf = new SampleBuffer();
        for (Series s : series) {
            buf.clear();
            s.read(mint, maxt, buf);
            StringBuilder sb = new StringBuilder(s.labels().toString());
            for (int i = 0; i < buf.size(); i++) {
                sb.append(' ').append(buf.timestamp(i)).append('=').append(Long.toHexString(Double.doubleToRawLongBits(buf.value(i))));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
