package dev.narthex.storage.tsdb;

import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.block.Block;
import dev.narthex.storage.block.BlockDirs;
import dev.narthex.storage.block.BlockMeta;
import dev.narthex.storage.block.BlockStore;
import dev.narthex.storage.block.BlockWriter;
import dev.narthex.storage.block.MergeQuerier;
import dev.narthex.storage.exemplar.CircularExemplarStorage;
import dev.narthex.storage.head.Head;
import dev.narthex.storage.wal.Wal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage a server or an embedding application opens: the head with its WAL for recent data and
 * the immutable blocks of older data, kept in shape by one background maintenance thread that flushes
 * the head into blocks, compacts blocks and applies retention, as Prometheus's DB does. Thread-safe:
 * appenders and queriers may be opened from any thread; maintenance operations are serialized. A
 * directory is held by one open Tsdb at a time (a {@code lock} file, released by the OS when the
 * process dies).
 *
 * <p>Layout: {@code <dir>/lock}, {@code <dir>/wal/} (segments and checkpoint), {@code <dir>/<ULID>/}
 * per block. Blocks written into the directory before opening (backfill) are served at once and
 * compacted like any other.
 *
 * <p>Queries merge the head and the overlapping blocks. Where both hold a sample at the same
 * timestamp (only possible after a crash between writing a block and truncating the head, or for
 * backfilled blocks overlapping the head) the head's sample wins: it is the one the WAL acknowledged
 * last.
 */
public final class Tsdb implements Queryable, Appendable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);
    private static final long MAINTENANCE_PERIOD_SECONDS = 60;
    /** How long a flush waits for older queriers before truncating the head regardless. */
    private static final long READER_WAIT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path dir;
    private final TsdbOptions options;
    private final Head head;
    private final BlockStore blocks;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ScheduledExecutorService scheduler;
    private final Object maintenance = new Object();
    private final AtomicBoolean maintenanceQueued = new AtomicBoolean();
    private final AtomicLong headFlushes = new AtomicLong();
    private final AtomicLong tombstoneCleanupNanos = new AtomicLong();
    private final AtomicLong tombstoneCleanups = new AtomicLong();
    private final TsdbMetrics metrics = new TsdbMetrics(this);
    /**
     * Open queriers per block-set generation: a flush bumps the generation after loading its block and
     * waits for the queriers of older generations (which may read the head without the new block)
     * before truncating the head, as Prometheus waits for pending readers.
     */
    private final ConcurrentHashMap<Long, LongAdder> readers = new ConcurrentHashMap<>();
    private volatile long generation;
    private volatile boolean closed;

    private Tsdb(Path dir, TsdbOptions options, Head head, BlockStore blocks, FileChannel lockChannel, FileLock lock,
                 boolean background) {
        this.dir = dir;
        this.options = options;
        this.head = head;
        this.blocks = blocks;
        this.lockChannel = lockChannel;
        this.lock = lock;
        if (background) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "narthex-db-maintenance");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::maintainQuietly, MAINTENANCE_PERIOD_SECONDS, MAINTENANCE_PERIOD_SECONDS,
                    TimeUnit.SECONDS);
            if (blocks != null) {
                scheduler.execute(this::startUp);
            }
        } else {
            scheduler = null;
        }
    }

    /**
     * Opens (creating when missing) the database in {@code dir}: opens its blocks, replays its WAL into
     * the head, rejects samples older than the newest block's end from then on, and starts the
     * background maintenance.
     */
    public static Tsdb open(Path dir, TsdbOptions options) {
        return open(dir, options, true);
    }

    /**
     * As {@link #open(Path, TsdbOptions)}; without {@code backgroundMaintenance} nothing is flushed,
     * compacted or dropped unless {@link #compact()} or {@link #flushHead()} is called (for tests and
     * tools that drive maintenance themselves).
     */
    public static Tsdb open(Path dir, TsdbOptions options, boolean backgroundMaintenance) {
        FileChannel ch = null;
        BlockStore blocks = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new StorageException("lock DB directory: " + dir + " is in use by another process");
            }
            blocks = BlockStore.open(dir, new BlockStore.Options(options.retentionMillis(), options.retentionBytes(),
                    options.frameCacheBytes(), options.blockRangeMillis()));
            Path walDir = dir.resolve("wal");
            Head head = new Head(options.blockRangeMillis(), handler -> Wal.open(walDir, options.walOptions(), handler),
                    new CircularExemplarStorage(options.maxExemplars()));
            long flushedThrough = maxBlockTime(blocks);
            if (flushedThrough != Long.MIN_VALUE) {
                // As Prometheus: the head starts where the blocks end; WAL samples already in a block
                // (a crash between block write and head truncation) are dropped here.
                head.truncate(flushedThrough);
            }
            return new Tsdb(dir, options, head, blocks, ch, lock, backgroundMaintenance);
        } catch (IOException | RuntimeException e) {
            if (blocks != null) {
                blocks.close();
            }
            closeQuietly(ch);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("opening TSDB " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A database without a directory, WAL or blocks, for tests and embedding; its data is lost on close. */
    public static Tsdb inMemory() {
        return inMemory(TsdbOptions.defaults());
    }

    public static Tsdb inMemory(TsdbOptions options) {
        return new Tsdb(null, options, new Head(options.blockRangeMillis(), null,
                new CircularExemplarStorage(options.maxExemplars())), null, null, null, false);
    }

    private static long maxBlockTime(BlockStore blocks) {
        long max = Long.MIN_VALUE;
        for (Block b : blocks.blocks()) {
            max = Math.max(max, b.meta().maxTime());
        }
        return max;
    }

    /** The directory, or null for an in-memory database. */
    public Path directory() {
        return dir;
    }

    public TsdbOptions options() {
        return options;
    }

    /** The head, for its statistics. */
    public Head head() {
        return head;
    }

    /**
     * The exemplars of the head's series: queried by {@code /api/v1/query_exemplars}, resized when
     * {@code max_exemplars} is reloaded. Capacity 0 unless {@link TsdbOptions#maxExemplars()} was set.
     */
    public CircularExemplarStorage exemplars() {
        return head.exemplars();
    }

    /** The blocks, or null for an in-memory database. */
    public BlockStore blockStore() {
        return blocks;
    }

    /** Counters and gauges under Prometheus's names. */
    public TsdbMetrics metrics() {
        return metrics;
    }

    /** A summary of the head for {@code /api/v1/status/tsdb} with top-10 lists. */
    public TsdbStats stats() {
        return stats(TsdbStats.TOP);
    }

    /** A summary of the head with the top {@code limit} (at least 1) entries in each list. */
    public TsdbStats stats(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return head.readPostings(index -> TsdbStats.of(index, head.stats().series(), head.stats().chunks(),
                head.minTime(), head.maxTime(), limit));
    }

    long headFlushes() {
        return headFlushes.get();
    }

    long tombstoneCleanupNanos() {
        return tombstoneCleanupNanos.get();
    }

    long tombstoneCleanups() {
        return tombstoneCleanups.get();
    }

    /** Appenders of the head; a commit that makes the head flushable wakes the maintenance thread. */
    @Override
    public Appender appender() {
        Appender a = head.appender();
        if (scheduler == null) {
            return a;
        }
        return new Appender() {
            @Override
            public long append(long ref, Labels labels, long t, double v) {
                return a.append(ref, labels, t, v);
            }

            @Override
            public long append(long ref, Labels labels, long t, long startTime, double v) {
                return a.append(ref, labels, t, startTime, v);
            }

            @Override
            public long appendExemplar(long ref, Labels labels, Labels exemplarLabels, double value, long t,
                                       boolean hasTimestamp) {
                return a.appendExemplar(ref, labels, exemplarLabels, value, t, hasTimestamp);
            }

            @Override
            public void commit() {
                a.commit();
                if (headFlushable() && maintenanceQueued.compareAndSet(false, true)) {
                    try {
                        scheduler.execute(Tsdb.this::maintainQuietly);
                    } catch (RejectedExecutionException shuttingDown) {
                        maintenanceQueued.set(false);
                    }
                }
            }

            @Override
            public void rollback() {
                a.rollback();
            }
        };
    }

    /**
     * A querier over the head (unless the range ends before its oldest sample) and the blocks
     * overlapping {@code [mint, maxt]}; the head's samples win on equal timestamps.
     */
    @Override
    public Querier querier(long mint, long maxt) {
        if (blocks == null) {
            return head.querier(mint, maxt);
        }
        long gen = generation;
        LongAdder count = readers.computeIfAbsent(gen, g -> new LongAdder());
        count.increment();
        try {
            return new TrackedQuerier(open(mint, maxt), count);
        } catch (RuntimeException e) {
            count.decrement();
            throw e;
        }
    }

    private Querier open(long mint, long maxt) {
        List<Querier> parts = new ArrayList<>(2);
        long headMin = head.minTime();
        if (blocks == null || (headMin != Long.MAX_VALUE && maxt >= headMin)) {
            parts.add(head.querier(mint, maxt));
        }
        if (blocks != null && !blocks.blocks().isEmpty()) {
            parts.add(blocks.querier(mint, maxt));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return new MergeQuerier(parts);
    }

    /** Drops head data older than {@code mint} and checkpoints the WAL (see {@link Head#truncate}). */
    public void truncateHead(long mint) {
        synchronized (maintenance) {
            head.truncate(mint);
        }
    }

    private boolean headFlushable() {
        long min = head.minTime();
        long max = head.maxTime();
        return min != Long.MAX_VALUE && max != Long.MIN_VALUE && max - min > options.blockRangeMillis() / 2 * 3;
    }

    /**
     * While the head spans more than 1.5 block ranges, writes its oldest aligned block range into a
     * block, loads it and truncates the head past it (checkpointing the WAL). Returns how many block
     * ranges were flushed.
     */
    public int flushHead() {
        requireBlocks();
        synchronized (maintenance) {
            int n = 0;
            long range = options.blockRangeMillis();
            while (headFlushable()) {
                long start = Math.floorDiv(head.minTime(), range) * range;
                long end = start + range;
                head.raiseMinValidTime(end);
                BlockMeta meta = writeHeadBlock(dir, start, end);
                blocks.reload();
                awaitOlderReaders();
                head.truncate(end);
                headFlushes.incrementAndGet();
                LOG.info("head flushed [{}, {}) into {}", start, end, meta == null ? "nothing (no samples)" : meta.ulid());
                n++;
            }
            return n;
        }
    }

    private void awaitOlderReaders() {
        long current = ++generation;
        long deadline = System.nanoTime() + READER_WAIT_NANOS;
        while (true) {
            boolean pending = false;
            for (var e : readers.entrySet()) {
                if (e.getKey() < current) {
                    if (e.getValue().sum() == 0) {
                        readers.remove(e.getKey(), e.getValue());
                    } else {
                        pending = true;
                    }
                }
            }
            if (!pending) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("truncating the head while queriers opened before the flush are still open");
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Counts itself out of its generation's open queriers once closed. */
    private static final class TrackedQuerier implements Querier {
        private final Querier delegate;
        private final LongAdder count;
        private boolean closed;

        TrackedQuerier(Querier delegate, LongAdder count) {
            this.delegate = delegate;
            this.count = count;
        }

        @Override
        public List<Series> select(List<Matcher> matchers) {
            return delegate.select(matchers);
        }

        @Override
        public List<String> labelNames(List<Matcher> matchers) {
            return delegate.labelNames(matchers);
        }

        @Override
        public List<String> labelValues(String name, List<Matcher> matchers) {
            return delegate.labelValues(name, matchers);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                count.decrement();
                delegate.close();
            }
        }
    }

    /** Writes the head's samples in {@code [start, end)} as a block under {@code target}; null when there are none. */
    private BlockMeta writeHeadBlock(Path target, long start, long end) {
        List<Series> series = head.seriesInRange(start, end - 1);
        if (series.isEmpty()) {
            return null;
        }
        SampleBuffer buf = new SampleBuffer(1024);
        try (BlockWriter w = BlockWriter.open(target, start, end)) {
            boolean any = false;
            for (Series s : series) {
                buf.clear();
                s.read(start, end - 1, buf);
                if (!buf.isEmpty()) {
                    w.add(s.labels(), buf);
                    any = true;
                }
            }
            return any ? w.commit() : null;
        }
    }

    /**
     * One maintenance round, as Prometheus's compaction cycle: flush the head, compact the blocks,
     * then apply time and size retention (the WAL counting towards the size). Returns the number of
     * head flushes and block compactions run.
     */
    public int compact() {
        requireBlocks();
        synchronized (maintenance) {
            int n = flushHead() + blocks.compact();
            blocks.applyRetention(walBytes());
            return n;
        }
    }

    private long walBytes() {
        Wal wal = head.wal();
        return wal == null ? 0 : BlockDirs.sizeOf(wal.directory());
    }

    /**
     * First task of the maintenance thread. Blocks that call for a compaction (backfilled 2h blocks) are
     * merged now rather than a period later, so that queries read a few large blocks (fewer pieces per
     * series to decode and merge) and the directory settles soon; then the newest blocks' frames are
     * loaded into the frame cache, so the first queries do not pay for decompressing them.
     */
    private void startUp() {
        if (blocks.compactionDue()) {
            maintainQuietly();
        }
        if (closed) {
            return;
        }
        try {
            synchronized (maintenance) {
                long bytes = blocks.warmFrameCache();
                LOG.info("loaded {} bytes of the newest blocks' chunk frames into the frame cache", bytes);
            }
        } catch (RuntimeException e) {
            LOG.error("loading chunk frames into the frame cache failed: {}", e.toString(), e);
        }
    }

    private void maintainQuietly() {
        maintenanceQueued.set(false);
        if (closed) {
            return;
        }
        try {
            compact();
        } catch (RuntimeException e) {
            LOG.error("db maintenance failed: {}", e.toString(), e);
        }
    }

    /**
     * Deletes the samples of the series matching every matcher in {@code [mint, maxt]}: tombstones in
     * the blocks, removal (logged to the WAL) in the head.
     */
    public void delete(List<Matcher> matchers, long mint, long maxt) {
        synchronized (maintenance) {
            if (blocks != null) {
                blocks.delete(matchers, mint, maxt);
            }
            head.delete(matchers, mint, maxt);
        }
    }

    /** Rewrites the blocks that have tombstones so deleted samples leave the disk. */
    public void cleanTombstones() {
        requireBlocks();
        synchronized (maintenance) {
            long start = System.nanoTime();
            blocks.cleanTombstones();
            tombstoneCleanupNanos.addAndGet(System.nanoTime() - start);
            tombstoneCleanups.incrementAndGet();
        }
    }

    /**
     * Copies the database into {@code target} as Prometheus's snapshot admin API does: the blocks are
     * hard-linked; with {@code withHead}, the head's samples are written there as one more block.
     * Returns the number of blocks in the snapshot.
     */
    public int snapshot(Path target, boolean withHead) {
        requireBlocks();
        synchronized (maintenance) {
            int n = blocks.snapshot(target);
            long min = head.minTime();
            long max = head.maxTime();
            if (withHead && min != Long.MAX_VALUE && max >= min && writeHeadBlock(target, min, max + 1) != null) {
                n++;
            }
            return n;
        }
    }

    private void requireBlocks() {
        if (blocks == null) {
            throw new UnsupportedOperationException("an in-memory database has no blocks");
        }
    }

    /**
     * Stops maintenance, closes the WAL (the head's data stays in it, as in Prometheus; nothing is
     * flushed) and the blocks, and releases the directory. Open appenders are lost.
     */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (maintenance) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (head.wal() != null) {
                    head.wal().close();
                }
                if (blocks != null) {
                    blocks.close();
                }
            } finally {
                try {
                    if (lock != null) {
                        lock.release();
                    }
                } catch (IOException e) {
                    throw new StorageException("releasing DB lock: " + e.getMessage(), e);
                } finally {
                    closeQuietly(lockChannel);
                }
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do while already failing or closing
            }
        }
    }
}
