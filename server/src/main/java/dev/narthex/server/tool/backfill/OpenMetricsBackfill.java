package dev.narthex.server.tool.backfill;

import dev.narthex.scraper.parse.MetricType;
import dev.narthex.scraper.parse.OpenMetricsParser;
import dev.narthex.storage.Labels;
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
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Imports an OpenMetrics file into blocks, like {@code promtool tsdb create-blocks-from openmetrics}:
 * every sample needs a timestamp, blocks cover epoch-aligned ranges of the block duration, and the
 * import is all or nothing.
 *
 * <p>The file is parsed once, split into line-aligned segments that threads parse in chunks: raw series
 * bytes map to a series through {@link SegmentSeries}, samples go to per-series primitive pages; the
 * segments are then joined in file order ({@link ImportedSeries}) and each block range is written from
 * those pages. Blocks are written into a staging directory inside the output directory and moved
 * in only when all of them are complete, so a failed import leaves nothing behind.
 *
 * <p>Within a series, samples must come in increasing time order: an older sample fails the import with
 * "out of order sample", a repeated timestamp with another value with "duplicate sample for timestamp"
 * (a repeat with the same value is dropped), the errors Prometheus's head gives for the same samples.
 */
public final class OpenMetricsBackfill {
    /** Prometheus's default (and smallest) block duration, 2 h. */
    public static final long DEFAULT_BLOCK_DURATION_MS = 2 * 3600_000L;
    /** Files smaller than this per reader thread are not split. */
    static final long MIN_SEGMENT_BYTES = 4 << 20;

    private final long blockDuration;
    private final BackfillProgress progress;
    private final int threads;
    private final long minSegmentBytes;

    /**
     * @param maxBlockDurationMs the largest block to write; as promtool does, the duration used is the
     *     largest of 2 h, 6 h, 18 h, ... (ten steps, each three times the last) not above it
     */
    public OpenMetricsBackfill(long maxBlockDurationMs, BackfillProgress progress) {
        this(maxBlockDurationMs, progress, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As above, with up to {@code threads} threads reading (the file is split into segments of at least
     * {@link #MIN_SEGMENT_BYTES}) and writing blocks.
     */
    public OpenMetricsBackfill(long maxBlockDurationMs, BackfillProgress progress, int threads) {
        this(maxBlockDurationMs, progress, threads, MIN_SEGMENT_BYTES);
    }

    OpenMetricsBackfill(long maxBlockDurationMs, BackfillProgress progress, int threads, long minSegmentBytes) {
        this.blockDuration = compatibleBlockDuration(maxBlockDurationMs);
        this.progress = progress;
        this.threads = Math.max(1, threads);
        this.minSegmentBytes = Math.max(1, minSegmentBytes);
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

    /** Reads {@code input} and writes its blocks into {@code outputDir} (created when missing). */
    public BackfillResult run(Path input, Path outputDir) throws BackfillException, IOException {
        ImportedSeries series = read(input);
        Files.createDirectories(outputDir);
        Path staging = outputDir.resolve("backfill-" + ProcessHandle.current().pid() + BlockWriter.TMP_SUFFIX);
        deleteRecursively(staging);
        Files.createDirectories(staging);
        try {
            List<BlockMeta> blocks = writeBlocks(series, staging);
            for (BlockMeta m : blocks) {
                Files.move(staging.resolve(m.ulid()), outputDir.resolve(m.ulid()), StandardCopyOption.ATOMIC_MOVE);
            }
            return new BackfillResult(series.count(), series.sampleCount(), blocks);
        } finally {
            deleteRecursively(staging);
        }
    }

    /** Parses the segments in parallel, then joins their series in file order. */
    private ImportedSeries read(Path input) throws BackfillException, IOException {
        long size = Files.size(input);
        long[] bounds = segmentBounds(input, size, threads, minSegmentBytes);
        int n = bounds.length - 1;
        AtomicLong bytesRead = new AtomicLong();
        AtomicLong samplesRead = new AtomicLong();
        SegmentReader[] readers = new SegmentReader[n];
        for (int k = 0; k < n; k++) {
            readers[k] = new SegmentReader(input, bounds[k], bounds[k + 1], k == n - 1, bytesRead, samplesRead);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SegmentReader r : readers) {
                futures.add(pool.submit(() -> {
                    r.run();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(200, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        progress.update(bytesRead.get(), size, samplesRead.get());
                    }
                }
            }
            progress.update(bytesRead.get(), size, samplesRead.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + input, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("reading " + input + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return join(readers);
    }

    /** Segment boundaries: up to {@code parts} roughly equal byte ranges, each starting at a line start. */
    static long[] segmentBounds(Path input, long size, int parts, long minBytes) throws IOException {
        int n = (int) Math.max(1, Math.min(parts, size / minBytes));
        long[] bounds = new long[n + 1];
        int m = 1;
        try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
            ByteBuffer probe = ByteBuffer.allocate(64 * 1024);
            for (int k = 1; k < n; k++) {
                long pos = Math.max(size * k / n, bounds[m - 1]);
                long nl = -1;
                while (nl < 0 && pos < size) {
                    probe.clear();
                    int r = ch.read(probe, pos);
                    if (r <= 0) {
                        break;
                    }
                    for (int i = 0; i < r; i++) {
                        if (probe.get(i) == '\n') {
                            nl = pos + i;
                            break;
                        }
                    }
                    pos += r;
                }
                long b = nl < 0 ? size : nl + 1;
                if (b > bounds[m - 1] && b < size) {
                    bounds[m++] = b;
                }
            }
        }
        bounds[m++] = size;
        return Arrays.copyOf(bounds, m);
    }

    /**
     * Joins the segments' series in file order into label sets and samples, and reports the earliest
     * failure with its line in the whole file, as one sequential pass would.
     */
    private static ImportedSeries join(SegmentReader[] readers) throws BackfillException {
        int lineOffset = 0;
        for (int k = 0; k < readers.length; k++) {
            SegmentReader r = readers[k];
            if (r.error != null) {
                int line = lineOffset + r.errorLine;
                throw new BackfillException(r.errorIsParse ? "parse error at line " + line + ": " + r.error
                        : "line " + line + ": " + r.error);
            }
            if (r.sawEof && k < readers.length - 1) {
                throw new BackfillException("parse error at line " + (lineOffset + r.lines)
                        + ": unexpected data after # EOF");
            }
            lineOffset += r.lines;
        }
        ImportedSeries out = new ImportedSeries();
        MetricType typeAtStart = MetricType.UNKNOWN;
        lineOffset = 0;
        for (SegmentReader r : readers) {
            SegmentSeries seg = r.series;
            for (int s = 0; s < seg.count(); s++) {
                MetricType type = seg.type(s) != null ? seg.type(s) : typeAtStart;
                Labels labels = OpenMetricsParser.labelsOf(seg.arena(), seg.keyOffset(s),
                        seg.keyOffset(s) + seg.keyLength(s), type);
                out.add(labels, seg.samples(s), lineOffset + seg.firstLine(s));
            }
            out.endSegment();
            if (r.finalType != null) {
                typeAtStart = r.finalType;
            }
            lineOffset += r.lines;
        }
        return out;
    }

    /** Writes one block per block range that holds samples, the ranges spread over the available cores. */
    private List<BlockMeta> writeBlocks(ImportedSeries c, Path dir) throws IOException {
        int n = c.count();
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
        int writers = Math.max(1, Math.min(threads, starts.size()));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
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
    private static BlockMeta writeBlock(ImportedSeries c, int[] order, Path dir, long from, long to) {
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
