package dev.narthex.benchmarks;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.tsdb.Tsdb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The workloads of Prometheus's {@code BenchmarkRangeQuery} (promql/bench_test.go) on Narthex's in-memory
 * TSDB: the same series and values, the same query list (with {@code X} replaced by {@link #size}; commas are
 * written {@code ;} so that JMH's {@code -p query=...} can name any of them), and range
 * queries ending at the data's end with a 10 s step, {@link #steps} steps back (as there, the range covers
 * {@code steps + 1} points). {@code steps=8640} is a whole day.
 *
 * <p>Data, as Prometheus generates it: metrics {@code a_X} and {@code b_X} (1, 10 or 100 series with label
 * {@code l}) and classic histograms {@code h_X} (11 buckets {@code le="0".."9","+Inf"} per {@code l}) for X in
 * one, ten, hundred, plus {@code sparse}, whose label {@code l} changes every 1/50 of the data; every series
 * has a sample every 10 s for a day plus 10,000 intervals (18,640 samples). Series number {@code i} of the
 * {@code n} dense ones has value {@code s + i / n} at interval {@code s}. All of it is kept in the head, which
 * is built once per JMH fork. Reports time per query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RangeQueryBenchmark {
    static final long INTERVAL_MS = 10_000;
    /** A day of data plus 10,000 steps, as in Prometheus. */
    static final int INTERVALS = 8640 + 10_000;

    @Param({"a_X", "rate(a_X[1m])", "rate(sparse[1m])", "rate(a_X[1m] smoothed)", "double_exponential_smoothing(a_X[1d]; 0.3; 0.3)",
            "changes(a_X[1d])", "rate(a_X[1d])", "absent_over_time(a_X[1d])", "-a_X", "a_X - b_X", "a_X and b_X{l=~'.*[0-4]$'}",
            "a_X or b_X{l=~'.*[0-4]$'}", "a_X unless b_X{l=~'.*[0-4]$'}", "a_X and b_X{l='notfound'}", "abs(a_X)",
            "label_replace(a_X; 'l2'; '$1'; 'l'; '(.*)')", "label_join(a_X; 'l2'; '-'; 'l'; 'l')", "sum(a_X)", "avg(a_X)",
            "sum without (l)(h_X)", "sum without (le)(h_X)", "sum by (l)(h_X)", "sum by (le)(h_X)", "count_values('value'; h_X)",
            "topk(1; a_X)", "topk(5; a_X)", "limitk(1; a_X)", "limitk(5; a_X)", "limit_ratio(0.1; a_X)", "limit_ratio(0.5; a_X)",
            "limit_ratio(-0.5; a_X)", "rate(a_X[1m]) + rate(b_X[1m])", "sum without (l)(rate(a_X[1m]))",
            "sum without (l)(rate(a_X[1m])) / sum without (l)(rate(b_X[1m]))", "histogram_quantile(0.9; rate(h_X[5m]))",
            "a_X + on(l) group_right a_one", "count({__name__!=\"\"})", "count({__name__!=\"\";l=\"\"})", "timestamp(a_X)"})
    public String query;

    /** Replaces {@code X} in {@link #query}: 1 or 100 series per metric (1,100 for {@code h_hundred}). */
    @Param({"one", "hundred"})
    public String size;

    /** Steps of 10 s: 1 and 1000 as in Prometheus's default cases, 100, and a whole day. */
    @Param({"1", "100", "1000", "8640"})
    public int steps;

    private PromqlEngine engine;
    private String expr;
    private long startMs;
    private long endMs;

    @Setup
    public void setup() {
        engine = new PromqlEngine(EngineOptions.DEFAULTS);
        expr = query.replace(';', ',').replace("X", size);
        endMs = INTERVALS * INTERVAL_MS;
        startMs = endMs - steps * INTERVAL_MS;
        QueryResult check = engine.rangeQuery(Data.TSDB, expr, startMs, endMs, INTERVAL_MS, QueryOptions.NONE);
        if (check.value() == null) {
            throw new IllegalStateException(expr + " has no result");
        }
    }

    @Benchmark
    public QueryResult rangeQuery() {
        return engine.rangeQuery(Data.TSDB, expr, startMs, endMs, INTERVAL_MS, QueryOptions.NONE);
    }

    /** The generated data, built on first use and shared by every parameter combination of a fork. */
    static final class Data {
        static final Tsdb TSDB = generate();

        private Data() {
        }

        static Tsdb generate() {
            List<Labels> metrics = metrics();
            Tsdb tsdb = Tsdb.inMemory();
            long[] refs = new long[metrics.size()];
            int pointsPerSparseSeries = INTERVALS / 50;
            double n = metrics.size();
            for (int s = 0; s < INTERVALS; s++) {
                Appender a = tsdb.appender();
                long t = s * INTERVAL_MS;
                for (int i = 0; i < refs.length; i++) {
                    refs[i] = a.append(refs[i], metrics.get(i), t, s + i / n);
                }
                a.append(0, Labels.of("__name__", "sparse", "l", Integer.toString(s / pointsPerSparseSeries)), t, s / n);
                a.commit();
            }
            return tsdb;
        }

        /** The dense series in Prometheus's order, which sets their values. */
        static List<Labels> metrics() {
            List<Labels> m = new ArrayList<>();
            m.add(Labels.of("__name__", "a_one"));
            m.add(Labels.of("__name__", "b_one"));
            addBuckets(m, "h_one", null);
            for (String size : new String[] {"ten", "hundred"}) {
                int count = size.equals("ten") ? 10 : 100;
                for (int i = 0; i < count; i++) {
                    String l = Integer.toString(i);
                    m.add(Labels.of("__name__", "a_" + size, "l", l));
                    m.add(Labels.of("__name__", "b_" + size, "l", l));
                    addBuckets(m, "h_" + size, l);
                }
            }
            return m;
        }

        private static void addBuckets(List<Labels> m, String name, String l) {
            for (int j = 0; j <= 10; j++) {
                String le = j == 10 ? "+Inf" : Integer.toString(j);
                m.add(l == null ? Labels.of("__name__", name, "le", le) : Labels.of("__name__", name, "l", l, "le", le));
            }
        }
    }
}
