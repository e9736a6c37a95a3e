package dev.narthex.benchmarks;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.index.MemPostings;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roaringbitmap.RoaringBitmap;

/**
 * Intersecting two postings lists of 1M series ids each, out of 2M series (half overlap, random
 * spread): raw RoaringBitmap AND, and the same through {@link MemPostings#select} with two equality
 * matchers. Scores are microseconds per intersection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PostingsBenchmark {
    private static final int SERIES = 2_000_000;

    private RoaringBitmap a;
    private RoaringBitmap b;
    private MemPostings postings;
    private List<Matcher> matchers;

    @Setup
    public void build() {
        Random r = new Random(1);
        a = new RoaringBitmap();
        b = new RoaringBitmap();
        postings = new MemPostings();
        Labels inA = Labels.of("a", "x");
        Labels inB = Labels.of("b", "y");
        Labels inBoth = Labels.of("a", "x", "b", "y");
        Labels inNone = Labels.of("c", "z");
        // Each id lands in a with probability 1/2 and in b with probability 1/2: ~1M ids per list.
        for (int id = 1; id <= SERIES; id++) {
            boolean ia = r.nextBoolean();
            boolean ib = r.nextBoolean();
            if (ia) {
                a.add(id);
            }
            if (ib) {
                b.add(id);
            }
            postings.add(id, ia && ib ? inBoth : ia ? inA : ib ? inB : inNone);
        }
        a.runOptimize();
        b.runOptimize();
        matchers = List.of(Matcher.equal("a", "x"), Matcher.equal("b", "y"));
    }

    @Benchmark
    public RoaringBitmap roaringAnd() {
        return RoaringBitmap.and(a, b);
    }

    @Benchmark
    public RoaringBitmap memPostingsSelect() {
        return postings.select(matchers);
    }
}
