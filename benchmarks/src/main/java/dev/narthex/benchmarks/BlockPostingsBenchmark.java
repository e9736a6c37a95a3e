package dev.narthex.benchmarks;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.block.Block;
import dev.narthex.storage.block.BlockWriter;
import dev.narthex.storage.block.FrameCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Postings of two label values with 1M series each, read in place from a memory-mapped block index,
 * intersected ({@code a="1", b="1"} over 1.5M series; the intersection holds about 670k ids).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockPostingsBenchmark {
    private static final int SERIES = 1_500_000;

    private Path dir;
    private Block block;
    private List<Matcher> both;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("narthex-postings-bench");
        String ulid;
        try (BlockWriter w = BlockWriter.open(dir, 0, 1000)) {
            long[] ts = {1};
            double[] vs = {1};
            for (int i = 0; i < SERIES; i++) {
                // Ids are in label order, i.e. the order of "_id"; a and b interleave so containers are mixed.
                String a = i % 3 != 0 ? "1" : "0";
                String b = (i / 7) % 3 != 0 ? "1" : "0";
                w.add(Labels.of("__name__", "m", "a", a, "b", b, "_id", String.format("%07d", i)), ts, vs, 0, 1);
            }
            ulid = w.commit().ulid();
        }
        block = Block.open(dir.resolve(ulid), new FrameCache(1 << 20));
        both = List.of(Matcher.equal("a", "1"), Matcher.equal("b", "1"));
    }

    @TearDown
    public void tearDown() throws IOException {
        block.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int intersectTwoMillionEntryPostings() {
        return block.postings(both).getCardinality();
    }
}
