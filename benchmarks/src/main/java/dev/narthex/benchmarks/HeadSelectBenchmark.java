package dev.narthex.benchmarks;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Series;
import dev.narthex.storage.tsdb.Tsdb;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Selecting from a head of 100k series ({@code instance="host-00000".."host-99999"}) with a regex
 * matcher: a prefix ({@code host-0.*}, 10k series, fast path), an alternation of literals (fast path),
 * literals joined by {@code .*} (string search per value) and a general regex run by re2j per value. Scores are milliseconds per select (postings, range
 * check and label materialization of the selected series, sorted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class HeadSelectBenchmark {
    private static final int SERIES = 100_000;

    @Param({"host-0.*", "host-00001|host-05000|host-99999", ".*5.*7", "host-[0-4]\\d*7"})
    public String regex;

    private Tsdb db;
    private List<Matcher> matchers;

    @Setup
    public void load() {
        db = Tsdb.inMemory();
        Appender app = db.appender();
        for (int i = 0; i < SERIES; i++) {
            Labels l = Labels.of("__name__", "up", "instance", String.format("host-%05d", i), "job", "job-" + (i % 10));
            for (int t = 0; t < 4; t++) {
                app.append(0, l, t * 15_000L, 1);
            }
        }
        app.commit();
        matchers = List.of(Matcher.equal("__name__", "up"), Matcher.regex("instance", regex));
    }

    @TearDown
    public void close() {
        db.close();
    }

    @Benchmark
    public int select() {
        try (Querier q = db.querier(0, 60_000)) {
            List<Series> s = q.select(matchers);
            return s.size();
        }
    }
}
