package dev.narthex.storage.block;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the blocks of one data directory: opens them all on start (leftover temporary directories and
 * parents of completed compactions are deleted; corrupt blocks are left on disk, logged and listed by
 * {@link #corruptBlocks()} but never served), answers queries over the blocks that overlap a range, and
 * runs compaction, deletion with tombstones, retention and snapshots. Thread-safe: maintenance operations
 * are serialized; queriers see the set of blocks current when they were opened.
 */
public final class BlockStore implements Queryable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

    /**
     * @param retentionMillis drop blocks ending this long before the newest block's end; 0 disables
     * @param retentionBytes  drop oldest blocks until the total size fits; 0 disables
     * @param frameCacheBytes size bound of the decompressed frame cache shared by all blocks
     * @param blockRangeMillis the range of freshly written blocks, the base of the compaction ranges
     */
    public record Options(long retentionMillis, long retentionBytes, long frameCacheBytes, long blockRangeMillis) {
        public Options(long retentionMillis, long retentionBytes, long frameCacheBytes) {
            this(retentionMillis, retentionBytes, frameCacheBytes, Compactor.TWO_HOURS);
        }

        public static Options defaults() {
            return new Options(15L * 24 * 3600_000L, 0, 64L << 20);
        }
    }

    private final Path dir;
    private final Options options;
    private final Compactor compactor;
    private final FrameCache cache;
    private volatile List<Block> blocks = List.of();
    private final Map<Path, String> corrupt = new LinkedHashMap<>();
    private final LongAdder compactions = new LongAdder();
    private final LongAdder timeRetentions = new LongAdder();
    private final LongAdder sizeRetentions = new LongAdder();

    private BlockStore(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
        this.compactor = new Compactor(Compactor.ranges(options.blockRangeMillis(), options.retentionMillis()));
        this.cache = new FrameCache(options.frameCacheBytes());
    }

    public static BlockStore open(Path dir, Options options) {
        BlockStore s = new BlockStore(dir, options);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        s.reload();
        return s;
    }

    public Path dir() {
        return dir;
    }

    public Compactor compactor() {
        return compactor;
    }

    /** Open blocks sorted by minTime. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Block directories that failed verification, with the reason; they are not served. */
    public synchronized Map<Path, String> corruptBlocks() {
        return Map.copyOf(corrupt);
    }

    /**
     * Rescans the directory: opens new blocks (e.g. just written by a {@link BlockWriter} into {@link #dir()}),
     * closes vanished ones, removes temporary directories and blocks superseded by a compaction.
     */
    public synchronized void reload() {
        Map<String, Block> current = new LinkedHashMap<>();
        for (Block b : blocks) {
            current.put(b.meta().ulid(), b);
        }
        List<Block> opened = new ArrayList<>();
        for (Path p : listDir()) {
            String name = p.getFileName().toString();
            if (name.endsWith(BlockWriter.TMP_SUFFIX)) {
                BlockDirs.deleteRecursively(p);
                continue;
            }
            if (!Ulid.isValid(name) || !Files.isDirectory(p) || corrupt.containsKey(p)) {
                continue;
            }
            Block b = current.remove(name);
            if (b == null) {
                try {
                    b = Block.open(p, cache);
                } catch (StorageException.Corruption e) {
                    LOG.error("not serving corrupt block {}: {}", p, e.getMessage());
                    corrupt.put(p, e.getMessage());
                    continue;
                }
            }
            opened.add(b);
        }
        current.values().forEach(Block::close);
        // A compaction that stopped after writing its result but before deleting its parents.
        Set<String> superseded = new HashSet<>();
        for (Block b : opened) {
            b.meta().parents().forEach(parent -> superseded.add(parent.ulid()));
        }
        List<Block> live = new ArrayList<>();
        for (Block b : opened) {
            if (superseded.contains(b.meta().ulid())) {
                drop(b);
            } else {
                live.add(b);
            }
        }
        live.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparing(b -> b.meta().ulid()));
        blocks = List.copyOf(live);
    }

    private List<Path> listDir() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void drop(Block b) {
        b.close();
        BlockDirs.deleteRecursively(b.dir());
    }

    /**
     * A querier over the blocks overlapping {@code [mint, maxt]}; newer blocks win on equal timestamps.
     * Blocks whose time ranges are disjoint (the usual case) are listed latest range first, so that a
     * merged series reads them in time order and needs no reordering (compacted blocks are newer by
     * ULID than the blocks of later ranges they sit beside).
     */
    @Override
    public Querier querier(long mint, long maxt) {
        List<Querier> qs = new ArrayList<>();
        List<Block> snapshot = new ArrayList<>();
        for (Block b : blocks) {
            if (b.overlaps(mint, maxt)) {
                snapshot.add(b);
            }
        }
        snapshot.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()));
        if (disjoint(snapshot)) {
            Collections.reverse(snapshot);
        } else {
            snapshot.sort(Comparator.comparing((Block b) -> b.meta().ulid()).reversed());
        }
        for (Block b : snapshot) {
            try {
                qs.add(b.querier(mint, maxt));
            } catch (IllegalStateException closedMeanwhile) {
                // Replaced by a compaction after the snapshot was taken; its successor holds the data.
                return retryQuerier(qs, mint, maxt);
            }
        }
        return new MergeQuerier(qs);
    }

    /** Whether no two of the blocks, sorted by minTime, share a millisecond ({@code maxTime} is exclusive). */
    private static boolean disjoint(List<Block> bs) {
        for (int i = 1; i < bs.size(); i++) {
            if (bs.get(i).meta().minTime() < bs.get(i - 1).meta().maxTime()) {
                return false;
            }
        }
        return true;
    }

    private Querier retryQuerier(List<Querier> partial, long mint, long maxt) {
        partial.forEach(Querier::close);
        synchronized (this) {
            return querier(mint, maxt);
        }
    }

    FrameCache frameCache() {
        return cache;
    }

    /**
     * Loads the chunk frames of the newest blocks into the frame cache, newest first, while their
     * decompressed size fits in half the cache; the other half is left to what queries read. Meant for
     * the start of a server: the first queries over recent data then find it decompressed, as they would
     * find Prometheus's chunks in the page cache after an import. Returns the bytes loaded.
     */
    public long warmFrameCache() {
        List<Block> newestFirst = new ArrayList<>(blocks);
        newestFirst.sort(Comparator.comparingLong((Block b) -> b.meta().maxTime()).reversed());
        long budget = cache.maxBytes() / 2;
        long loaded = 0;
        for (Block b : newestFirst) {
            long bytes = b.frameBytes();
            if (loaded + bytes > budget) {
                break;
            }
            loaded += b.warmFrames();
        }
        return loaded;
    }

    /** Whether {@link #compact} has work to do now (e.g. backfilled blocks waiting to be merged). */
    public synchronized boolean compactionDue() {
        return !compactor.plan(blocks).isEmpty();
    }

    /** Runs planned compactions until none is due; returns how many ran. */
    public synchronized int compact() {
        int n = 0;
        while (true) {
            List<Block> plan = compactor.plan(blocks);
            if (plan.isEmpty()) {
                return n;
            }
            replace(plan);
            compactions.increment();
            n++;
        }
    }

    /** Writes the merge of {@code parents} and, once it is durable, deletes them. */
    private void replace(List<Block> parents) {
        BlockMeta result = Compactor.compact(dir, parents);
        LOG.info("compacted {} blocks into {}", parents.size(), result == null ? "nothing (all samples deleted)" : result);
        List<Block> live = new ArrayList<>(blocks);
        live.removeAll(parents);
        if (result != null) {
            live.add(Block.open(dir.resolve(result.ulid()), cache));
        }
        live.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparing(b -> b.meta().ulid()));
        blocks = List.copyOf(live);
        parents.forEach(BlockStore::drop);
    }

    /** Marks the samples of matching series in {@code [mint, maxt]} deleted in every overlapping block. */
    public synchronized void delete(List<Matcher> matchers, long mint, long maxt) {
        for (Block b : blocks) {
            b.delete(matchers, mint, maxt);
        }
    }

    /** Rewrites every block that has tombstones so deleted samples are gone from disk. */
    public synchronized void cleanTombstones() {
        for (Block b : new ArrayList<>(blocks)) {
            if (!b.tombstones().isEmpty()) {
                replace(List.of(b));
            }
        }
    }

    /** Drops blocks beyond the time and size retention; returns how many. */
    public synchronized int applyRetention() {
        return applyRetention(0);
    }

    /**
     * As {@link #applyRetention()}, counting {@code reservedBytes} (e.g. the WAL) against the size
     * limit before any block, as Prometheus counts its WAL.
     */
    public synchronized int applyRetention(long reservedBytes) {
        List<Block> newestFirst = new ArrayList<>(blocks);
        newestFirst.sort(Comparator.comparingLong((Block b) -> b.meta().maxTime()).reversed());
        Set<Block> doomed = new HashSet<>();
        if (options.retentionMillis() > 0 && !newestFirst.isEmpty()) {
            long newest = newestFirst.get(0).meta().maxTime();
            for (int i = 1; i < newestFirst.size(); i++) {
                if (newest - newestFirst.get(i).meta().maxTime() > options.retentionMillis()) {
                    doomed.add(newestFirst.get(i));
                }
            }
            if (!doomed.isEmpty()) {
                timeRetentions.increment();
            }
        }
        if (options.retentionBytes() > 0) {
            long total = reservedBytes;
            boolean bySize = false;
            for (Block b : newestFirst) {
                total += b.sizeBytes();
                if (total > options.retentionBytes() && doomed.add(b)) {
                    bySize = true;
                }
            }
            if (bySize) {
                sizeRetentions.increment();
            }
        }
        if (doomed.isEmpty()) {
            return 0;
        }
        List<Block> live = new ArrayList<>(blocks);
        live.removeAll(doomed);
        blocks = List.copyOf(live);
        for (Block b : doomed) {
            LOG.info("retention drops {}", b);
            drop(b);
        }
        return doomed.size();
    }

    public Options options() {
        return options;
    }

    /** Compactions run since open (Prometheus's prometheus_tsdb_compactions_total). */
    public long compactionsTotal() {
        return compactions.sum();
    }

    /** Retention runs that dropped blocks for their age. */
    public long timeRetentionsTotal() {
        return timeRetentions.sum();
    }

    /** Retention runs that dropped blocks for the size limit. */
    public long sizeRetentionsTotal() {
        return sizeRetentions.sum();
    }

    /** Total bytes of the served blocks. */
    public long sizeBytes() {
        long total = 0;
        for (Block b : blocks) {
            total += b.sizeBytes();
        }
        return total;
    }

    /** Hard-links every file of every served block into {@code target/<ulid>/}; returns the block count. */
    public synchronized int snapshot(Path target) {
        try {
            Files.createDirectories(target);
            for (Block b : blocks) {
                Path dst = target.resolve(b.meta().ulid());
                Files.createDirectory(dst);
                try (Stream<Path> files = Files.list(b.dir())) {
                    for (Path f : files.toList()) {
                        Files.createLink(dst.resolve(f.getFileName()), f);
                    }
                }
            }
            return blocks.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot into " + target, e);
        }
    }

    @Override
    public synchronized void close() {
        blocks.forEach(Block::close);
        blocks = List.of();
    }
}
