package dev.narthex.server.tool.backfill;

import dev.narthex.scraper.parse.Entry;
import dev.narthex.scraper.parse.OpenMetricsParser;
import dev.narthex.scraper.parse.ParseException;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.block.BlockMeta;
import dev.narthex.storage.block.BlockWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.stream.Stream;

/**
 * Imports an OpenMetrics file into blocks, like {@code promtool tsdb create-blocks-from openmetrics}:
 * every sample needs a timestamp, blocks cover epoch-aligned ranges of the block duration, and the
 * import is all or nothing.
 *
 * <p>The file is parsed once, in chunks: raw series bytes map to a series index through
 * {@link SeriesColumns}, samples go to per-series primitive columns, then each block range is written
 * from those columns. Blocks are written into a staging directory inside the output directory and moved
 * in only when all of them are complete, so a failed import leaves nothing behind.
 *
 * <p>Within a series, samples must come in increasing time order: an older sample fails the import with
 * "out of order sample", a repeated timestamp with another value with "duplicate sample for timestamp"
 * (a repeat with the same value is dropped), the errors Prometheus's head gives for the same samples.
 */
public final class OpenMetricsBackfill {
    /** Prometheus's default (and smallest) block duration, 2 h. */
    public static final long DEFAULT_BLOCK_DURATION_MS = 2 * 3600_000L;
    private static final int CHUNK_BYTES = 32 << 20;

    private final long blockDuration;
    private final BackfillProgress progress;

    /**
     * @param maxBlockDurationMs the largest block to write; as promtool does, the duration used is the
     *     largest of 2 h, 6 h, 18 h, ... (ten steps, each three times the last) not above it
     */
    public OpenMetricsBackfill(long maxBlockDurationMs, BackfillProgress progress) {
        this.blockDuration = compatibleBlockDuration(maxBlockDurationMs);
        this.progress = progress;
    }

    /** promtool's choice of block duration for a requested maximum. */
    public static long compatibleBlockDuration(long maxBlockDurationMs) {
        if (maxBlockDurationMs <= DEFAULT_BLOCK_DURATION_MS) {
            return DEFAULT_BLOCK_DURATION_MS;
        }
        long d = DEFAULT_BLOCK_DURATION_MS;
        for (int i = 1; i < 10 && d * 3 <= maxBlockDurationMs; i++) {
            d *= 3;
        }
        return d;
    }

    public long blockDuration() {
        return blockDuration;
    }

    /** Reads {@code input} and writes its blocks into {@code outputDir} (created when missing). */
    public BackfillResult run(Path input, Path outputDir) throws BackfillException, IOException {
        SeriesColumns columns = read(input);
        Files.createDirectories(outputDir);
        Path staging = outputDir.resolve("backfill-" + ProcessHandle.current().pid() + BlockWriter.TMP_SUFFIX);
        deleteRecursively(staging);
        Files.createDirectories(staging);
        try {
            List<BlockMeta> blocks = writeBlocks(columns, staging);
            for (BlockMeta m : blocks) {
                Files.move(staging.resolve(m.ulid()), outputDir.resolve(m.ulid()), StandardCopyOption.ATOMIC_MOVE);
            }
            return new BackfillResult(columns.seriesCount(), columns.sampleCount(), blocks);
        } finally {
            deleteRecursively(staging);
        }
    }

    private SeriesColumns read(Path input) throws BackfillException, IOException {
        SeriesColumns columns = new SeriesColumns();
        OpenMetricsParser parser = new OpenMetricsParser();
        try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
            long total = ch.size();
            long read = 0;
            byte[] buf = new byte[(int) Math.min(CHUNK_BYTES, Math.max(total, 16))];
            int filled = 0;
            boolean first = true;
            boolean eof = false;
            int prev = -1;
            while (!eof) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = ch.read(ByteBuffer.wrap(buf, filled, buf.length - filled));
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                    read += n;
                }
                int end = eof ? filled : lastNewline(buf, filled) + 1;
                if (end == 0 && !eof) {
                    continue;
                }
                if (first) {
                    parser.startChunked(buf, 0, end, eof);
                    first = false;
                } else {
                    parser.continueWith(buf, 0, end, eof);
                }
                prev = parseChunk(parser, columns, prev);
                System.arraycopy(buf, end, buf, 0, filled - end);
                filled -= end;
                progress.update(read, total, columns.sampleCount());
            }
        } catch (ParseException e) {
            throw new BackfillException("parse error at line " + e.line() + ": " + e.reason(), e);
        }
        return columns;
    }

    /** Parses one chunk; {@code prev} is the series of the last sample, returned updated. */
    private static int parseChunk(OpenMetricsParser p, SeriesColumns columns, int prev) throws ParseException, BackfillException {
        while (true) {
            Entry e = p.next();
            if (e == Entry.END_OF_CHUNK || e == Entry.EOF) {
                return prev;
            }
            if (e != Entry.SERIES) {
                continue;
            }
            byte[] b = p.buffer();
            int from = p.seriesStart();
            int to = p.seriesEnd();
            if (!p.hasTimestamp()) {
                throw new BackfillException("line " + p.line() + ": expected timestamp for series " + p.labels() + ", got none");
            }
            int series = prev;
            if (!p.repeatsPreviousSeries() || prev < 0) {
                int h = hash(b, from, to);
                series = columns.find(b, from, to, h);
                if (series < 0) {
                    series = columns.add(b, from, to, h, p.labels());
                }
                prev = series;
            }
            try {
                columns.append(series, p.timestamp(), p.value());
            } catch (StorageException ex) {
                throw new BackfillException("line " + p.line() + ": " + ex.getMessage() + " for series " + p.labels());
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int k = from; k < to; k++) {
            h = (h ^ b[k]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static int lastNewline(byte[] b, int end) {
        for (int k = end - 1; k >= 0; k--) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    /** Writes one block per block range that holds samples, the ranges spread over the available cores. */
    private List<BlockMeta> writeBlocks(SeriesColumns c, Path dir) throws IOException {
        int n = c.seriesCount();
        if (c.sampleCount() == 0) {
            return List.of();
        }
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        for (int s = 0; s < n; s++) {
            SeriesSamples ss = c.samples(s);
            if (ss.size() > 0) {
                mint = Math.min(mint, ss.firstTimestamp());
                maxt = Math.max(maxt, ss.lastTimestamp());
            }
        }
        int[] order = c.sortedByLabels();
        List<Long> starts = new ArrayList<>();
        for (long t = Math.floorDiv(mint, blockDuration) * blockDuration; t <= maxt; t += blockDuration) {
            starts.add(t);
        }
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), starts.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<BlockMeta>> futures = new ArrayList<>();
            for (long t : starts) {
                futures.add(pool.submit(() -> writeBlock(c, order, dir, t, t + blockDuration)));
            }
            List<BlockMeta> metas = new ArrayList<>();
            for (Future<BlockMeta> f : futures) {
                BlockMeta m = f.get();
                if (m != null) {
                    metas.add(m);
                }
            }
            return metas;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing blocks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("writing a block failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes the samples in {@code [from, to)} of every series, in label order; null when there are none. */
    private static BlockMeta writeBlock(SeriesColumns c, int[] order, Path dir, long from, long to) {
        BlockWriter w = null;
        long[] ts = new long[1024];
        double[] vs = new double[1024];
        try {
            for (int s : order) {
                SeriesSamples ss = c.samples(s);
                int lo = ss.countBefore(from);
                int hi = ss.countBefore(to);
                if (hi > lo) {
                    if (hi - lo > ts.length) {
                        ts = new long[Math.max(hi - lo, ts.length * 2)];
                        vs = new double[ts.length];
                    }
                    ss.copy(lo, hi, ts, vs);
                    if (w == null) {
                        w = BlockWriter.open(dir, from, to);
                    }
                    w.add(c.labels(s), ts, vs, 0, hi - lo);
                }
            }
            return w == null ? null : w.commit();
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
