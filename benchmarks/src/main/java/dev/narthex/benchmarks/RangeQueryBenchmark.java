package dev.narthex.benchmarks;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A whole PromQL range query (1 day at a 1m step, 1440 steps) over 200 counters scraped every 10s,
 * read from primitive arrays so that the evaluator's cost dominates. Reports time per query.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RangeQueryBenchmark {
    private static final int SERIES = 200;
    private static final int SAMPLES = 8640;
    private static final long SCRAPE_MS = 10_000;

    @Param({"http_requests_total", "sum by (job) (rate(http_requests_total[5m]))", "max_over_time(http_requests_total[1h])",
            "http_requests_total / on(instance) http_requests_total", "avg_over_time(rate(http_requests_total[5m])[30m:1m])"})
    public String query;

    private ArrayStore store;
    private PromqlEngine engine;

    @Setup
    public void setup() {
        store = new ArrayStore();
        for (int k = 0; k < SERIES; k++) {
            long[] ts = new long[SAMPLES];
            double[] vs = new double[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                ts[i] = i * SCRAPE_MS;
                vs[i] = (double) i * (k + 1);
            }
            store.add(Labels.of("__name__", "http_requests_total", "job", "j" + (k % 10), "instance", "i" + k), ts, vs);
        }
        engine = new PromqlEngine(EngineOptions.DEFAULTS);
    }

    @Benchmark
    public QueryResult rangeQuery() {
        return engine.rangeQuery(store, query, 0, (SAMPLES - 1) * SCRAPE_MS, 60_000, QueryOptions.NONE);
    }

    /** Series kept as sorted primitive arrays; selection scans all series (there are few). */
    static final class ArrayStore implements Queryable {
        private final List<Labels> labels = new ArrayList<>();
        private final List<long[]> timestamps = new ArrayList<>();
        private final List<double[]> values = new ArrayList<>();

        void add(Labels l, long[] ts, double[] vs) {
            labels.add(l);
            timestamps.add(ts);
            values.add(vs);
        }

        @Override
        public Querier querier(long mint, long maxt) {
            return new Querier() {
                @Override
                public List<Series> select(List<Matcher> matchers) {
                    List<Series> out = new ArrayList<>();
                    for (int i = 0; i < labels.size(); i++) {
                        Labels l = labels.get(i);
                        if (matchers.stream().allMatch(m -> m.matches(l.get(m.name())))) {
                            out.add(series(l, timestamps.get(i), values.get(i), mint, maxt));
                        }
                    }
                    out.sort((a, b) -> a.labels().compareTo(b.labels()));
                    return out;
                }

                @Override
                public List<String> labelNames(List<Matcher> matchers) {
                    return List.of();
                }

                @Override
                public List<String> labelValues(String name, List<Matcher> matchers) {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }

        private static Series series(Labels l, long[] ts, double[] vs, long qmint, long qmaxt) {
            return new Series() {
                @Override
                public Labels labels() {
                    return l;
                }

                @Override
                public void read(long mint, long maxt, SampleBuffer out) {
                    int lo = bound(ts, Math.max(mint, qmint) - 1);
                    int hi = bound(ts, Math.min(maxt, qmaxt));
                    int at = out.reserve(hi - lo);
                    System.arraycopy(ts, lo, out.timestamps(), at, hi - lo);
                    System.arraycopy(vs, lo, out.values(), at, hi - lo);
                    out.setSize(at + hi - lo);
                }
            };
        }

        /** First index with a timestamp greater than t. */
        private static int bound(long[] ts, long t) {
            int i = Arrays.binarySearch(ts, t);
            return i < 0 ? -i - 1 : i + 1;
        }
    }
}
