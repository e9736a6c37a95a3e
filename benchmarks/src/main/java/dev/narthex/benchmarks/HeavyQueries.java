package dev.narthex.benchmarks;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.block.Block;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The heavy range queries of {@code shared/compat/bench_peers.py} over the blocks of a data directory,
 * each evaluated over the data's whole span at a 60 s step with the same start/end rounding as that tool.
 */
final class HeavyQueries {
    static final List<String> QUERIES = List.of(
        "sum by (job) (rate(http_requests_total[5m]))",
        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "topk(5, sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])))",
        "count by (job) ({__name__=~\".+\"})",
        "sum by (code) (rate(http_requests_total{path=~\"/api/.*\",code=~\"5..\"}[5m]))",
        "sum by (tenant) (rate(http_client_requests_total{client_id=~\"[0-7].*\"}[5m]))",
        "sum by (instance) (increase(node_cpu_seconds_total[1h]))",
        "max_over_time(sum(rate(http_requests_total[5m]))[30m:1m])",
        "sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) / on (instance) group_left machine_cpu_cores",
        "quantile(0.9, rate(http_request_duration_seconds_count[5m]))",
        "count(count by (client_id) (http_client_requests_total))");

    static final long STEP_MS = 60_000;
    private final Tsdb tsdb;
    private final PromqlEngine engine = new PromqlEngine(EngineOptions.DEFAULTS);
    final long startMs;
    final long endMs;

    HeavyQueries(Path dataDir) {
        tsdb = openStorage(dataDir);
        List<Block> blocks = tsdb.blockStore().blocks();
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no blocks in " + dataDir);
        }
        long min = blocks.stream().mapToLong(b -> b.meta().minTime()).min().getAsLong();
        long max = blocks.stream().mapToLong(b -> b.meta().maxTime()).max().getAsLong() - 1;
        // bench_peers.py: start = data start + 300 s, end = data end - 10 s, both rounded to end in 7 s
        startMs = seven(min / 1000 + 300) * 1000;
        endMs = seven(max / 1000 - 10) * 1000;
    }

    /**
     * Opens the data as the server does, without background maintenance so nothing changes under the runs;
     * system property {@code narthex.frameCacheBytes} overrides the default frame cache size.
     */
    private static Tsdb openStorage(Path dataDir) {
        TsdbOptions options = TsdbOptions.defaults().withRetention(Duration.ofDays(365 * 100));
        options = options.withFrameCacheBytes(Long.getLong("narthex.frameCacheBytes", options.frameCacheBytes()));
        return Tsdb.open(dataDir, options, false);
    }

    private static long seven(long seconds) {
        return seconds - seconds % 10 + 7;
    }

    Queryable storage() {
        return tsdb;
    }

    QueryResult run(String query) {
        return engine.rangeQuery(tsdb, query, startMs, endMs, STEP_MS, QueryOptions.NONE);
    }

    void close() {
        tsdb.close();
    }
}
