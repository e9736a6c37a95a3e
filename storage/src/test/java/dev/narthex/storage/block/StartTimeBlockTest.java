package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start timestamps in blocks: the {@code starttimes} side file, reads, merges and compaction. */
class StartTimeBlockTest {
    private static final long H = 3600_000L;
    private static final Labels CUMULATIVE = Labels.of("__name__", "c_total", "job", "a");
    private static final Labels PLAIN = Labels.of("__name__", "plain", "job", "a");

    @TempDir
    Path dir;

    private final FrameCache cache = new FrameCache(1 << 20);
    private final List<Block> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Block::close);
    }

    /** One sample per minute in [from, to); with {@code stEvery} > 0 every such sample gets ST = t - 30s. */
    private static SampleBuffer samples(long from, long to, int stEvery) {
        SampleBuffer b = new SampleBuffer();
        int i = 0;
        for (long t = from; t < to; t += 60_000, i++) {
            b.add(t, t / 1000.0, stEvery > 0 && i % stEvery == 0 ? t - 30_000 : 0);
        }
        return b;
    }

    private Block write(Path target, long mint, long maxt, Object... labelsAndSamples) {
        try (BlockWriter w = BlockWriter.open(target, mint, maxt)) {
            for (int i = 0; i < labelsAndSamples.length; i += 2) {
                w.add((Labels) labelsAndSamples[i], (SampleBuffer) labelsAndSamples[i + 1]);
            }
            Block b = Block.open(target.resolve(w.commit().ulid()), cache);
            open.add(b);
            return b;
        }
    }

    private static SampleBuffer read(Querier q, Labels labels, long mint, long maxt) {
        List<Series> found = q.select(List.of(Matcher.equal("__name__", labels.get("__name__"))));
        assertEquals(1, found.size());
        SampleBuffer out = new SampleBuffer();
        found.get(0).read(mint, maxt, out);
        return out;
    }

    private static void assertSameSamples(SampleBuffer want, SampleBuffer got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.timestamp(i), got.timestamp(i));
            assertEquals(want.value(i), got.value(i));
            assertEquals(want.startTime(i), got.startTime(i), "start time of sample at " + want.timestamp(i));
        }
    }

    @Test
    void startTimesRoundTripThroughABlock() {
        SampleBuffer c = samples(0, 2 * H, 3);
        Block b = write(dir, 0, 2 * H, CUMULATIVE, c, PLAIN, samples(0, 2 * H, 0));
        assertTrue(Files.exists(b.dir().resolve(StartTimeFile.NAME)));
        try (Querier q = b.querier(0, 2 * H)) {
            assertSameSamples(c, read(q, CUMULATIVE, 0, 2 * H));
            SampleBuffer plain = read(q, PLAIN, 0, 2 * H);
            assertFalse(plain.hasStartTimes(), "a series without start timestamps reads without a column");
            // a narrow range starts mid-series: only that part's start timestamps are attached
            SampleBuffer part = read(q, CUMULATIVE, 10 * 60_000, 12 * 60_000);
            assertEquals(3, part.size());
            assertEquals(0, part.startTime(0));
            assertEquals(0, part.startTime(1));
            assertEquals(12 * 60_000 - 30_000, part.startTime(2));
        }
    }

    @Test
    void tombstonedSamplesLoseTheirStartTimesWithThem() {
        SampleBuffer c = samples(0, 10 * 60_000, 1);
        Block b = write(dir, 0, 2 * H, CUMULATIVE, c);
        b.delete(List.of(Matcher.equal("__name__", "c_total")), 60_000, 3 * 60_000);
        try (Querier q = b.querier(0, 2 * H)) {
            SampleBuffer got = read(q, CUMULATIVE, 0, 2 * H);
            assertEquals(7, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(got.timestamp(i) - 30_000, got.startTime(i));
            }
        }
    }

    @Test
    void blocksWithoutStartTimesAreByteIdenticalToBeforeAndHaveNoSideFile() throws IOException {
        Path withSt = dir.resolve("with");
        Path without = dir.resolve("without");
        Files.createDirectories(withSt);
        Files.createDirectories(without);
        // the same float samples, once with start timestamps on one series and once without any
        Block a = write(withSt, 0, 2 * H, CUMULATIVE, samples(0, 2 * H, 2), PLAIN, samples(0, 2 * H, 0));
        Block b = write(without, 0, 2 * H, CUMULATIVE, samples(0, 2 * H, 0), PLAIN, samples(0, 2 * H, 0));
        assertFalse(Files.exists(b.dir().resolve(StartTimeFile.NAME)), "no start timestamps, no file");
        for (String f : new String[] {BlockWriter.INDEX, BlockWriter.CHUNKS, BlockWriter.TOMBSTONES}) {
            assertArrayEquals(Files.readAllBytes(b.dir().resolve(f)), Files.readAllBytes(a.dir().resolve(f)), f);
        }
        // the side file holds only the one series' pairs: a few bytes per pair, none for the other series
        long sideBytes = Files.size(a.dir().resolve(StartTimeFile.NAME));
        assertTrue(sideBytes < 8 + 4 + 4 + 60 * 6, "side file of " + sideBytes + " bytes");
    }

    @Test
    void compactionKeepsStartTimesOfEveryParentAndTheNewerOneOnOverlap() {
        Block first = write(dir, 0, 2 * H, CUMULATIVE, samples(0, 2 * H, 1));
        Block second = write(dir, 2 * H, 4 * H, CUMULATIVE, samples(2 * H, 4 * H, 2), PLAIN, samples(2 * H, 4 * H, 0));
        // an overlapping newer block rewrites two samples of the first with other start timestamps
        SampleBuffer rewrite = new SampleBuffer();
        rewrite.add(60_000, 60.0, 1);
        rewrite.add(120_000, 120.0, 2);
        Block newer = write(dir, 0, 2 * H, CUMULATIVE, rewrite);
        BlockMeta merged = Compactor.compact(dir, List.of(first, second, newer));
        Block m = Block.open(dir.resolve(merged.ulid()), cache);
        open.add(m);
        try (Querier q = m.querier(0, 4 * H)) {
            SampleBuffer got = read(q, CUMULATIVE, 0, 4 * H);
            assertEquals(240, got.size());
            for (int i = 0; i < got.size(); i++) {
                long t = got.timestamp(i);
                long want = t == 60_000 ? 1 : t == 120_000 ? 2 : t < 2 * H || (t - 2 * H) / 60_000 % 2 == 0 ? t - 30_000 : 0;
                assertEquals(want, got.startTime(i), "sample at " + t);
            }
            assertFalse(read(q, PLAIN, 0, 4 * H).hasStartTimes());
        }
    }

    @Test
    void aDamagedSideFileIsReportedAsCorruption() throws IOException {
        Block b = write(dir, 0, 2 * H, CUMULATIVE, samples(0, 2 * H, 1));
        Path d = b.dir();
        b.close();
        open.remove(b);
        Path f = d.resolve(StartTimeFile.NAME);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(f, bytes);
        StorageException.Corruption e = assertThrows(StorageException.Corruption.class, () -> Block.open(d, cache));
        assertTrue(e.getMessage().contains(StartTimeFile.NAME), e.getMessage());
    }
}
