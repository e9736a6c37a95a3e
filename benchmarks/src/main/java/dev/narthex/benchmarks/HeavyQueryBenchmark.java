package dev.narthex.benchmarks;

import dev.narthex.promql.engine.QueryResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One heavy range query of {@code bench_peers.py} over real blocks: the directory named by the system
 * property {@code narthex.benchData} (default {@code /tmp/perf-data}, made by
 * {@code narthex-tool tsdb create-blocks-from openmetrics} from {@code gen_data.py --series-scale 4 --hours 24}).
 * Parameterised by the query's index in {@link HeavyQueries#QUERIES}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HeavyQueryBenchmark {
    @Param({"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"})
    public int query;

    private HeavyQueries queries;
    private String expr;

    @Setup
    public void setup() {
        queries = new HeavyQueries(Path.of(System.getProperty("narthex.benchData", "/tmp/perf-data")));
        expr = HeavyQueries.QUERIES.get(query);
    }

    @TearDown
    public void tearDown() {
        queries.close();
    }

    @Benchmark
    public QueryResult heavyQuery() {
        return queries.run(expr);
    }
}
