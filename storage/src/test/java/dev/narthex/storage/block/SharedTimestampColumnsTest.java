package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedTimestampColumnsTest {
    private static final long H = 3600_000L;
    private static final List<Matcher> ALL = List.of(Matcher.regex("__name__", ".+"));

    @TempDir
    Path dir;

    private final FrameCache cache = new FrameCache(8 << 20);

    /** Jittered scrape times of one target in [mint, maxt), with a few missed scrapes. */
    private static long[] scrapeTimes(Random r, long mint, long maxt, long interval) {
        long[] ts = new long[(int) ((maxt - mint) / interval)];
        int n = 0;
        for (long t = mint; t < maxt - 100; t += interval) {
            if (r.nextInt(50) != 0) {
                ts[n++] = t + r.nextInt(80);
            }
        }
        return Arrays.copyOf(ts, n);
    }

    /**
     * Targets whose series share scrape times: "fast" (1 s, more samples than one piece holds), then
     * {@code targets} at 15 s with 6 series each; plus 5 series with timestamps of their own.
     */
    private static TreeMap<Labels, long[]> seriesTimes(Random r, int targets, long mint, long maxt) {
        TreeMap<Labels, long[]> out = new TreeMap<>();
        long[] fast = scrapeTimes(r, mint, maxt, 1000);
        for (int s = 0; s < 3; s++) {
            out.put(Labels.of("__name__", "fast_" + s, "instance", "fast"), fast);
        }
        for (int t = 0; t < targets; t++) {
            long[] ts = scrapeTimes(r, mint, maxt, 15_000);
            for (int s = 0; s < 6; s++) {
                out.put(Labels.of("__name__", "metric_" + s, "instance", "host-" + t), ts);
            }
        }
        for (int s = 0; s < 5; s++) {
            out.put(Labels.of("__name__", "lonely", "instance", "own-" + s), scrapeTimes(r, mint, maxt, 15_000));
        }
        return out;
    }

    /** Writes the series with random incompressible values (so the block spans many frames). */
    private BlockMeta write(Random r, TreeMap<Labels, long[]> series, long mint, long maxt, ReferenceStorage ref) {
        try (BlockWriter w = BlockWriter.open(dir, mint, maxt)) {
            for (Map.Entry<Labels, long[]> e : series.entrySet()) {
                long[] ts = e.getValue();
                double[] vs = new double[ts.length];
                for (int i = 0; i < vs.length; i++) {
                    vs[i] = r.nextDouble();
                }
                w.add(e.getKey(), ts, vs, 0, ts.length);
                var app = ref.appender();
                for (int i = 0; i < ts.length; i++) {
                    app.append(0, e.getKey(), ts[i], vs[i]);
                }
                app.commit();
            }
            return w.commit();
        }
    }

    private static void assertSameData(Querier rq, Querier q, long mint, long maxt) {
        assertEquals(BlockTestData.dump(rq, ALL, mint, maxt), BlockTestData.dump(q, ALL, mint, maxt), "range " + mint + ".." + maxt);
    }

    @Test
    void seriesSharingTimestampsRoundTripAndStoreEachColumnOnce() {
        Random r = new Random(3);
        TreeMap<Labels, long[]> series = seriesTimes(r, 40, 0, 2 * H);
        ReferenceStorage ref = new ReferenceStorage();
        BlockMeta meta = write(r, series, 0, 2 * H, ref);
        try (Block b = Block.open(dir.resolve(meta.ulid()), cache)) {
            // "fast" has two pieces (7200 scrapes > 4096), each target one; own timestamps are never shared.
            assertEquals(2 + 40, b.chunks().sharedCount());
            assertTrue(b.chunks().frameCount() > 3, "frames: " + b.chunks().frameCount());
            int referencing = 0;
            int acrossFrames = 0;
            for (int id = 0; id < b.index().numSeries(); id++) {
                long[] p = b.index().series(id).pieces();
                for (int base = 0; base < p.length; base += BlockWriter.PIECE_FIELDS) {
                    if (p[base + 2] != 0) {
                        referencing++;
                        assertEquals(0, p[base + 3], "a referencing piece stores no timestamp bytes");
                        acrossFrames += b.chunks().sharedFrame((int) p[base + 2] - 1) != p[base] ? 1 : 0;
                    }
                }
            }
            assertEquals(2 * 2 + 40 * 5, referencing);
            assertTrue(acrossFrames > 0, "some references point into an earlier frame");
            for (long[] range : new long[][] {{0, 2 * H - 1}, {4_000_000, 4_200_000}, {-10, 5_000}, {H, H}}) {
                try (Querier q = b.querier(range[0], range[1]); Querier rq = ref.querier(range[0], range[1])) {
                    assertSameData(rq, q, range[0], range[1]);
                }
            }
        }
    }

    @Test
    void sharedColumnsDecodedOnceServeSeriesReadFromSeveralThreads() throws Exception {
        Random r = new Random(6);
        ReferenceStorage ref = new ReferenceStorage();
        BlockMeta meta = write(r, seriesTimes(r, 12, 0, 2 * H), 0, 2 * H, ref);
        try (Block b = Block.open(dir.resolve(meta.ulid()), cache);
             Querier q = b.querier(0, 2 * H - 1);
             Querier rq = ref.querier(0, 2 * H - 1)) {
            List<Series> selected = q.select(ALL);
            List<Series> expected = rq.select(ALL);
            assertEquals(expected.size(), selected.size());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < selected.size(); i++) {
                        Series s = selected.get(i);
                        long from = round == 2 ? H / 2 : 0;
                        results.add(pool.submit(() -> samples(s, from, 2 * H - 1)));
                    }
                }
                for (int k = 0; k < results.size(); k++) {
                    int round = k / selected.size();
                    long from = round == 2 ? H / 2 : 0;
                    assertEquals(samples(expected.get(k % selected.size()), from, 2 * H - 1), results.get(k).get(),
                        "round " + round + ", " + selected.get(k % selected.size()).labels());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String samples(Series s, long mint, long maxt) {
        SampleBuffer buf = new SampleBuffer();
        s.read(mint, maxt, buf);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < buf.size(); i++) {
            sb.append(buf.timestamp(i)).append('=').append(Double.doubleToRawLongBits(buf.value(i))).append(' ');
        }
        return sb.toString();
    }

    @Test
    void compactionKeepsColumnsSharedAndDataEqual() {
        Random r = new Random(4);
        ReferenceStorage ref = new ReferenceStorage();
        for (int i = 0; i < 4; i++) {
            write(r, seriesTimes(r, 10, i * 2 * H, (i + 1) * 2 * H), i * 2 * H, (i + 1) * 2 * H, ref);
        }
        try (BlockStore store = BlockStore.open(dir, new BlockStore.Options(1000 * H, 0, 8 << 20))) {
            assertEquals(1, store.compact());
            Block merged = store.blocks().get(0);
            assertEquals(6 * H, merged.meta().maxTime());
            // 3 × 7200 fast scrapes make 6 pieces; the 15 s targets have 3 × 480 samples, one piece each.
            assertEquals(6 + 10, merged.chunks().sharedCount());
            try (Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE); Querier rq = ref.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertSameData(rq, q, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            try (Querier q = store.querier(5 * H, 7 * H); Querier rq = ref.querier(5 * H, 7 * H)) {
                assertSameData(rq, q, 5 * H, 7 * H);
            }
        }
    }

    /** Rewrites the chunk file's tables: frame entries kept, shared entries replaced, checksums recomputed. */
    private static void rewriteSharedTable(Path chunks, int[][] shared) throws IOException {
        ByteBuffer old = ByteBuffer.wrap(Files.readAllBytes(chunks)).order(ByteOrder.LITTLE_ENDIAN);
        int footer = old.limit() - ChunkReader.FOOTER_SIZE;
        int tableOff = (int) old.getLong(footer);
        int frames = old.getInt(footer + 8);
        int tableLen = frames * ChunkReader.FRAME_ENTRY + shared.length * ChunkReader.SHARED_ENTRY;
        ByteBuffer out = ByteBuffer.allocate(tableOff + tableLen + 4 + ChunkReader.FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.put(old.array(), 0, tableOff + frames * ChunkReader.FRAME_ENTRY);
        for (int[] s : shared) {
            out.putInt(s[0]).putInt(s[1]).putInt(s[2]);
        }
        out.putInt(FileFormat.crc32c(out.array(), tableOff, tableLen));
        int f = out.position();
        out.putLong(tableOff).putInt(frames).putInt(shared.length).putInt(tableLen);
        out.putInt(FileFormat.crc32c(out.array(), f, 20)).putInt(FileFormat.END_MAGIC);
        Files.write(chunks, out.array());
    }

    private Path writeSmallBlock() {
        Random r = new Random(5);
        return dir.resolve(write(r, seriesTimes(r, 3, 0, 2 * H), 0, 2 * H, new ReferenceStorage()).ulid());
    }

    @Test
    void referenceToAMissingSharedColumnIsCorruptionOnRead() throws IOException {
        Path blockDir = writeSmallBlock();
        Path chunks = blockDir.resolve(BlockWriter.CHUNKS);
        rewriteSharedTable(chunks, new int[0][]);
        try (Block b = Block.open(blockDir, cache); Querier q = b.querier(0, 2 * H)) {
            List<Series> selected = q.select(List.of(Matcher.equal("instance", "host-1")));
            assertEquals(6, selected.size());
            // The first series holds its column inline and still reads; the others refer to the lost column.
            assertTrue(readCount(selected.get(0)) > 400);
            StorageException.Corruption e = assertThrows(StorageException.Corruption.class, () -> readCount(selected.get(1)));
            assertTrue(e.getMessage().contains("references shared timestamp column"), e.getMessage());
            assertTrue(e.getMessage().contains(blockDir.resolve(BlockWriter.INDEX).toString()), e.getMessage());
        }
    }

    @Test
    void sharedColumnOutsideTheFramesIsCorruptionOnOpen() throws IOException {
        Path blockDir = writeSmallBlock();
        Path chunks = blockDir.resolve(BlockWriter.CHUNKS);
        int frames;
        int rawLength;
        try (Block b = Block.open(blockDir, cache)) {
            frames = b.chunks().frameCount();
            rawLength = b.chunks().rawLength(0);
        }
        for (int[] bad : new int[][] {{frames, 0, 10}, {-1, 0, 10}, {0, rawLength - 5, 10}, {0, 0, 0}, {0, -1, 4}}) {
            rewriteSharedTable(chunks, new int[][] {{0, 0, 10}, bad});
            StorageException.Corruption e = assertThrows(StorageException.Corruption.class, () -> Block.open(blockDir, cache),
                Arrays.toString(bad));
            assertTrue(e.getMessage().contains("shared timestamp column 1 lies outside the frames"), e.getMessage());
        }
    }

    private static int readCount(Series s) {
        SampleBuffer buf = new SampleBuffer();
        s.read(0, 2 * H, buf);
        return buf.size();
    }
}
