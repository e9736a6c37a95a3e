package dev.narthex.storage.block;

import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Plans and runs compactions as Prometheus's leveled compactor does: overlapping blocks are merged first;
 * otherwise, excluding the newest block, the first group of adjacent blocks that fills an aligned range
 * of the next size up (or lies wholly before the newest block) is merged; otherwise a large block with
 * tombstones on more than 5% of its series is rewritten. Ranges grow by 3 from 2h up to 10% of retention,
 * at most 31 days. Stateless apart from its ranges; thread-safe.
 */
public final class Compactor {
    public static final long TWO_HOURS = 2 * 3600_000L;
    public static final long MAX_RANGE = 31 * 24 * 3600_000L;

    private final long[] ranges;

    public Compactor(long[] ranges) {
        if (ranges.length == 0) {
            throw new IllegalArgumentException("compaction needs at least one block range");
        }
        this.ranges = ranges.clone();
    }

    /** 2h, 6h, 18h, 54h, ... while not above min(retention / 10, 31d) (and at least the 2h range). */
    public static long[] ranges(long retentionMillis) {
        return ranges(TWO_HOURS, retentionMillis);
    }

    /** {@code base}, 3 × base, 9 × base, ... while not above min(retention / 10, 31d) (and at least {@code base}). */
    public static long[] ranges(long base, long retentionMillis) {
        long cap = MAX_RANGE;
        if (retentionMillis > 0) {
            cap = Math.min(cap, retentionMillis / 10);
        }
        List<Long> out = new ArrayList<>();
        for (long r = base; r <= cap || out.isEmpty(); r *= 3) {
            out.add(r);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    public long[] ranges() {
        return ranges.clone();
    }

    /** The blocks to compact together next, or an empty list when nothing is due. */
    public List<Block> plan(List<Block> blocks) {
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparing(b -> b.meta().ulid()));
        List<Block> overlapping = overlapping(sorted);
        if (!overlapping.isEmpty()) {
            return overlapping;
        }
        if (sorted.size() < 2) {
            return List.of();
        }
        // The newest block stays out: it gives backups a full block range to copy new data without overlap.
        List<Block> candidates = sorted.subList(0, sorted.size() - 1);
        List<Block> selected = selectRange(candidates);
        if (!selected.isEmpty()) {
            return selected;
        }
        for (int i = candidates.size() - 1; i >= 0; i--) {
            Block b = candidates.get(i);
            if (b.meta().maxTime() - b.meta().minTime() < ranges[ranges.length / 2]) {
                break;
            }
            if ((double) b.tombstones().size() / (b.meta().numSeries() + 1) > 0.05) {
                return List.of(b);
            }
        }
        return List.of();
    }

    private static List<Block> overlapping(List<Block> sorted) {
        List<Block> out = new ArrayList<>();
        if (sorted.isEmpty()) {
            return out;
        }
        long globalMax = sorted.get(0).meta().maxTime();
        for (int i = 1; i < sorted.size(); i++) {
            Block b = sorted.get(i);
            if (b.meta().minTime() < globalMax) {
                if (out.isEmpty()) {
                    out.add(sorted.get(i - 1));
                }
                out.add(b);
            } else if (!out.isEmpty()) {
                break;
            }
            globalMax = Math.max(globalMax, b.meta().maxTime());
        }
        return out;
    }

    private List<Block> selectRange(List<Block> candidates) {
        if (ranges.length < 2 || candidates.isEmpty()) {
            return List.of();
        }
        long highTime = candidates.get(candidates.size() - 1).meta().minTime();
        for (int r = 1; r < ranges.length; r++) {
            long range = ranges[r];
            for (List<Block> group : splitByRange(candidates, range)) {
                long mint = group.get(0).meta().minTime();
                long maxt = group.get(group.size() - 1).meta().maxTime();
                if ((maxt - mint == range || maxt <= highTime) && group.size() > 1) {
                    return group;
                }
            }
        }
        return List.of();
    }

    /** Groups consecutive blocks that fall inside the same aligned window of {@code range}. */
    static List<List<Block>> splitByRange(List<Block> sorted, long range) {
        List<List<Block>> groups = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            long t0 = Math.floorDiv(sorted.get(i).meta().minTime(), range) * range;
            if (sorted.get(i).meta().maxTime() > t0 + range) {
                i++;
                continue;
            }
            List<Block> group = new ArrayList<>();
            while (i < sorted.size() && sorted.get(i).meta().maxTime() <= t0 + range) {
                group.add(sorted.get(i++));
            }
            groups.add(group);
        }
        return groups;
    }

    /**
     * Writes one block under {@code dataDir} holding the union of the parents' samples minus their
     * tombstones, with the lineage recorded in its meta. Returns null when nothing survives, so the
     * parents can go without replacement. The parents are left untouched.
     */
    public static BlockMeta compact(Path dataDir, List<Block> parents) {
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        int level = 0;
        TreeSet<String> sources = new TreeSet<>();
        List<BlockMeta.Parent> lineage = new ArrayList<>();
        for (Block b : parents) {
            BlockMeta m = b.meta();
            mint = Math.min(mint, m.minTime());
            maxt = Math.max(maxt, m.maxTime());
            level = Math.max(level, m.level());
            sources.addAll(m.sources());
            lineage.add(new BlockMeta.Parent(m.ulid(), m.minTime(), m.maxTime()));
        }
        // Where parents overlap, the newer block's sample wins, as in BlockStore's queriers.
        List<Block> newestFirst = new ArrayList<>(parents);
        newestFirst.sort(Comparator.comparing((Block b) -> b.meta().ulid()).reversed());
        List<Querier> queriers = new ArrayList<>();
        for (Block b : newestFirst) {
            queriers.add(b.querier(b.meta().minTime(), b.meta().maxTime() - 1));
        }
        try (MergeQuerier merged = new MergeQuerier(queriers);
             BlockWriter w = BlockWriter.open(dataDir, mint, maxt)) {
            w.compaction(parents.size() == 1 ? level : level + 1, new ArrayList<>(sources), lineage);
            SampleBuffer buf = new SampleBuffer(1024);
            boolean any = false;
            for (Series s : merged.select(List.of())) {
                buf.clear();
                s.read(mint, maxt - 1, buf);
                if (!buf.isEmpty()) {
                    w.add(s.labels(), buf);
                    any = true;
                }
            }
            return any ? w.commit() : null;
        }
    }
}
