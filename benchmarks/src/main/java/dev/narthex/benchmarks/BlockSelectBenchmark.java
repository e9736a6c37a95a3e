package dev.narthex.benchmarks;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
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
 * Series selection with regular expressions over a block of 100k series (each with its own instance
 * value): a general regex scanning all 100k values (first time, then repeated so the block's scan cache
 * answers), a literal-prefix regex and a literal alternation (the fast paths), each intersected with a
 * metric name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockSelectBenchmark {
    private static final int SERIES = 100_000;

    private Path dir;
    private Block block;
    private Querier querier;
    private List<Matcher> general;
    private List<Matcher> prefix;
    private List<Matcher> alternation;
    private List<List<Matcher>> distinctGeneral;
    private int next;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("narthex-select-bench");
        long[] ts = new long[120];
        double[] vs = new double[120];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 60_000L;
            vs[i] = i;
        }
        String ulid;
        try (BlockWriter w = BlockWriter.open(dir, 0, 7_200_000)) {
            for (int i = 0; i < SERIES; i++) {
                w.add(Labels.of("__name__", "http_requests_total", "instance", String.format("host-%06d", i),
                    "job", "job" + (i % 10), "status", String.valueOf(200 + (i % 5) * 100)), ts, vs, 0, ts.length);
            }
            ulid = w.commit().ulid();
        }
        block = Block.open(dir.resolve(ulid), new FrameCache(64 << 20));
        querier = block.querier(0, 7_200_000);
        general = List.of(Matcher.equal("__name__", "http_requests_total"), Matcher.regex("instance", "host-0[0-4]\\d*7"));
        prefix = List.of(Matcher.equal("__name__", "http_requests_total"), Matcher.regex("instance", "host-0012.*"));
        // More distinct selectors than the scan cache holds, so each use scans all values again.
        distinctGeneral = new java.util.ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            distinctGeneral.add(List.of(Matcher.equal("__name__", "http_requests_total"),
                Matcher.regex("instance", "host-0[0-4]\\d*7|none-" + i)));
        }
        alternation = List.of(Matcher.equal("__name__", "http_requests_total"),
            Matcher.regex("instance", "host-000001|host-050000|host-099999|host-123456"));
    }

    @TearDown
    public void tearDown() throws IOException {
        querier.close();
        block.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int generalRegexOver100kValuesUncached() {
        next = (next + 1) % distinctGeneral.size();
        return querier.select(distinctGeneral.get(next)).size();
    }

    @Benchmark
    public int generalRegexOver100kValuesRepeated() {
        return querier.select(general).size();
    }

    @Benchmark
    public int prefixRegex() {
        return querier.select(prefix).size();
    }

    @Benchmark
    public int literalAlternation() {
        return querier.select(alternation).size();
    }
}
