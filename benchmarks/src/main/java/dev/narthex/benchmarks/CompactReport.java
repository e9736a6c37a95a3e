package dev.narthex.benchmarks;

import dev.narthex.storage.block.Block;
import dev.narthex.storage.block.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Measures on-disk bytes per sample of a block directory before and after compaction: copies the blocks of
 * {@code SRC} into the empty or missing directory {@code WORK}, opens a store there with a retention long
 * enough for ranges of 2 h × 3ⁿ up to 31 days, runs compaction until none is due, and prints total bytes,
 * bytes per sample, and the split by file kind (index, chunks, ...) for both states.
 *
 * <p>Usage: {@code CompactReport SRC WORK}.
 */
public final class CompactReport {
    private static final long DAY_MS = 86_400_000L;

    private CompactReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CompactReport SRC WORK");
            System.exit(2);
        }
        Path src = Path.of(args[0]);
        Path work = Path.of(args[1]);
        copyTree(src, work);
        BlockStore.Options options = new BlockStore.Options(3650 * DAY_MS, 0, 64L << 20);
        try (BlockStore store = BlockStore.open(work, options)) {
            long samples = report("before", store);
            long start = System.nanoTime();
            int runs = store.compact();
            System.out.printf("%d compactions in %.1f s%n", runs, (System.nanoTime() - start) / 1e9);
            long after = report("after", store);
            if (after != samples) {
                throw new IllegalStateException("compaction changed the sample count from " + samples + " to " + after);
            }
        }
    }

    /** Prints the store's size figures and returns its sample count. */
    private static long report(String when, BlockStore store) throws IOException {
        List<Block> blocks = store.blocks();
        long samples = 0;
        TreeMap<String, Long> byFile = new TreeMap<>();
        StringBuilder ranges = new StringBuilder();
        for (Block b : blocks) {
            samples += b.meta().numSamples();
            ranges.append(' ').append((b.meta().maxTime() - b.meta().minTime()) / 3_600_000).append('h');
            try (Stream<Path> files = Files.list(b.dir())) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    byFile.merge(f.getFileName().toString(), Files.size(f), Long::sum);
                }
            }
        }
        long total = byFile.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%s: %d blocks (%s), %d samples, %d bytes of files, %.3f bytes/sample%n",
            when, blocks.size(), ranges.toString().trim(), samples, total, (double) total / samples);
        for (var e : byFile.entrySet()) {
            System.out.printf("  %-12s %10d bytes  %.4f bytes/sample  %4.1f%%%n", e.getKey(), e.getValue(),
                (double) e.getValue() / samples, 100.0 * e.getValue() / total);
        }
        return samples;
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
