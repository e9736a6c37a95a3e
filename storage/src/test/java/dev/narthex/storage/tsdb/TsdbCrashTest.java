package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.wal.FsyncPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL ({@link Process#destroyForcibly()} on Linux) and checks that
 * every batch whose commit had returned (the child printed its id) is found after reopening.
 */
class TsdbCrashTest {
    @TempDir
    Path dir;

    @Test
    void committedBatchesSurviveKillMinus9() throws Exception {
        long next = crashOnce(FsyncPolicy.BATCH, 0, 150);
        assertTrue(next >= 150);
    }

    @Tag("slow")
    @Test
    void repeatedCrashesUnderEveryPolicyLoseNoCommittedBatch() throws Exception {
        long next = 0;
        for (int round = 0; round < 12; round++) {
            FsyncPolicy policy = FsyncPolicy.values()[round % 3];
            next = crashOnce(policy, next, 200 + round * 97);
        }
    }

    /** Runs the child from batch {@code first}, kills it after {@code atLeast} acknowledged batches, verifies, returns the next batch id. */
    private long crashOnce(FsyncPolicy policy, long first, int atLeast) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dir.toString(), policy.name(), Long.toString(first))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastAcked = first - 1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lastAcked = Long.parseLong(line.trim());
                if (lastAcked - first + 1 >= atLeast && p.isAlive()) {
                    p.destroyForcibly(); // SIGKILL, in the middle of later commits
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a line cut by the kill: every complete line before it was read
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(lastAcked - first + 1 >= atLeast, "child acknowledged only up to " + lastAcked);
        try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults()); Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            List<Series> all = q.select(List.of(Matcher.equal("__name__", "c")));
            assertEquals(CrashWriterMain.SERIES, all.size());
            long persisted = -1;
            for (Series s : all) {
                SampleBuffer b = new SampleBuffer();
                s.read(Long.MIN_VALUE, Long.MAX_VALUE, b);
                for (int i = 0; i < b.size(); i++) {
                    assertEquals(i, b.timestamp(i), "batches are contiguous in " + s.labels());
                    assertEquals(i, b.value(i), 0.0);
                }
                assertTrue(b.size() - 1 >= lastAcked, s.labels() + " lost acknowledged batches: has up to "
                        + (b.size() - 1) + ", acknowledged " + lastAcked);
                persisted = persisted < 0 ? b.size() - 1 : Math.min(persisted, b.size() - 1);
            }
            return persisted + 1;
        }
    }
}
