package dev.narthex.server;

import dev.narthex.server.api.ApiV1;
import dev.narthex.server.api.ServerInfo;
import dev.narthex.server.http.HttpMetrics;
import dev.narthex.server.http.HttpServer;
import dev.narthex.server.metrics.MetricRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up warm-up of the query path: runs a fixed set of PromQL expressions (valid and invalid) as instant
 * and range queries through the real HTTP server and {@link ApiV1} (codec, parser, evaluator, JSON writer)
 * against a synthetic database ({@link WarmupDatabase}), never the user's data, so the JIT has compiled the
 * common paths before the first real query. The paths must be the ones real data takes: code first compiled
 * for tiny series is compiled again (on the cores the first queries need) once hundreds of series take the
 * parallel path, decoding meets irregular timestamps, or a counter resets.
 * The synthetic database lives in a temporary directory, deleted afterwards, so that both the block read
 * path (where imported and older data lives) and the head are exercised; when no temporary directory can
 * be made it is in memory only. Bounded by a time budget and a number of rounds; memory stays at the half
 * million samples of the synthetic database plus one response at a time.
 */
final class QueryWarmup {
    private static final Logger log = LoggerFactory.getLogger(QueryWarmup.class);
    private static final int MAX_ROUNDS = 200;
    /** After the budget, rounds go on while the JIT is still busy, up to this many budgets in all. */
    private static final int MAX_BUDGETS = 3;
    /**
     * The JIT counts as busy while it spent more than this share of a round's wall time compiling: the code
     * the next queries run is then still partly interpreted or C1-compiled, several times slower than C2's.
     */
    static final double BUSY_COMPILE_SHARE = 0.05;
    private static final long START_MS = WarmupDatabase.START_MS;
    private static final long END_MS = WarmupDatabase.END_MS;

    /** Shapes seen in dashboards and rules, plus the error paths (bad syntax, wrong types). */
    static final List<String> EXPRESSIONS = List.of(
            "warm_requests_total",
            "warm_requests_total{job=\"api\",code=~\"2..\"}",
            "rate(warm_requests_total[5m])",
            "sum by (job) (rate(warm_requests_total[5m]))",
            "sum without (instance) (irate(warm_requests_total{code!=\"500\"}[1m]))",
            "increase(warm_requests_total[10m]) > 0",
            "histogram_quantile(0.9, sum by (le) (rate(warm_duration_seconds_bucket[5m])))",
            "avg_over_time(warm_gauge[10m]) / on (instance) group_left max by (instance) (warm_gauge)",
            "max_over_time(sum by (job) (rate(warm_requests_total[5m]))[30m:1m])",
            "min_over_time(warm_gauge[20m:])",
            "quantile_over_time(0.9, warm_gauge[15m])",
            "topk(3, warm_gauge) or bottomk(2, warm_gauge offset 5m)",
            "count(count by (instance) (warm_requests_total))",
            "label_replace(warm_gauge, \"x\", \"$1\", \"instance\", \"(.*):.*\")",
            "predict_linear(warm_gauge[30m], 3600) - deriv(warm_gauge[10m])",
            "abs(clamp_min(-warm_gauge, 0)) * 2 + 1 unless warm_gauge < 0",
            "absent(nonexistent_metric) and vector(1)",
            "changes(warm_gauge[1h]) + resets(warm_requests_total[1h])",
            "time() - timestamp(warm_gauge @ end())",
            "sum(warm_gauge) == bool 3",
            "1 + 2 * 3 ^ 2",
            "-1.5e3",
            "NaN",
            "+Inf",
            "\"text\"",
            "scalar(sum(warm_gauge))",
            "sort_desc(sum by (job) (warm_gauge))",
            "rate(warm_gauge)",
            "sum(warm_gauge{job=\"api\"} +",
            "label_replace(warm_gauge, \"x\", \"$1\", \"job\", \"(\")",
            "warm_gauge[5m]",
            "{__name__=~\"warm_(gauge|requests_total)\",job!~\"w.*\"} offset -5m",
            "stddev by (job) (warm_gauge) + stdvar(warm_gauge) + quantile(0.5, warm_gauge)",
            "count_values(\"v\", round(warm_gauge)) or group by (job) (warm_gauge)",
            "warm_requests_total / ignoring (code) group_left sum without (code) (warm_requests_total)",
            "warm_gauge * on (job, instance) group_right max by (job, instance) (warm_requests_total)",
            "label_join(warm_gauge, \"x\", \"/\", \"job\", \"instance\") unless on (instance) warm_gauge > 5",
            "ceil(warm_gauge) + floor(warm_gauge) % 3 + sqrt(abs(warm_gauge)) + exp(warm_gauge / 10) + ln(abs(warm_gauge) + 1)",
            "hour(timestamp(warm_gauge)) + day_of_week() + days_in_month(vector(time()))",
            "last_over_time(warm_gauge[1h]) + stddev_over_time(warm_gauge[30m]) + sum_over_time(warm_gauge[10m])",
            "absent_over_time(warm_gauge{job=\"x\"}[5m]) or present_over_time(warm_gauge[5m])",
            "delta(warm_gauge[10m]) + idelta(warm_gauge[5m]) + clamp(warm_gauge, -1, 1)",
            "sort(warm_gauge) >= bool 0",
            "warm_gauge{job=~\"api|web\",instance!~\"x.*\"} @ start()",
            "{__name__=\"warm_gauge\"} offset 1h",
            "warm_requests_total{code=~\"5..\"}[2m]",
            "rate(sum(warm_requests_total)[10m:30s])");

    /**
     * Dashboard-wide shapes over the synthetic fleet, run as range queries over all five hours: whole-span
     * aggregations of hundreds of scraped series, joins, regex selections, a subquery, counting every series.
     */
    static final List<String> FLEET_EXPRESSIONS = List.of(
            "sum by (job) (rate(warm_cpu_seconds_total[5m]))",
            "histogram_quantile(0.99, sum by (le) (rate(warm_latency_seconds_bucket[5m])))",
            "topk(5, sum by (instance) (rate(warm_cpu_seconds_total{mode!=\"idle\"}[5m])))",
            "bottomk(3, avg by (job, mode) (irate(warm_cpu_seconds_total[2m])))",
            "count by (job) ({__name__=~\".+\"})",
            "sum by (mode) (rate(warm_cpu_seconds_total{instance=~\"node-.*\",mode=~\"s.*\"}[5m]))",
            "sum by (instance) (increase(warm_cpu_seconds_total[1h]))",
            "max_over_time(sum(rate(warm_cpu_seconds_total[5m]))[30m:1m])",
            "sum by (instance) (rate(warm_cpu_seconds_total{mode!=\"idle\"}[5m])) / on (instance) group_left warm_cores",
            "quantile(0.9, rate(warm_latency_seconds_bucket[5m]))",
            "count(count by (mode) (warm_cpu_seconds_total))",
            "max by (job) (max_over_time({__name__=~\"warm_(memory|boot|temperature).*\"}[10m]))",
            "avg_over_time(warm_cores[1h]) * on (job, instance) group_right count by (job, instance) (warm_cpu_seconds_total)");

    private QueryWarmup() {
    }

    /**
     * Runs the warm-up from the calling thread until {@code budgetMs} has passed (after at least one round)
     * and the JIT has quietened ({@link #jitBusy}; at most {@link #MAX_BUDGETS} budgets in all), or every
     * expression ran {@link #MAX_ROUNDS} times; a budget of 0 does nothing. The queries go over a
     * loopback connection to a private {@link HttpServer} on an ephemeral port whose blocking work runs on
     * {@code executor} (the server's query executor), so the HTTP codec, form decoding, the executor hand-off
     * and the response write are compiled too, not only the engine. Failures are logged and end the warm-up.
     * Returns how many queries answered as expected (valid ones 200, invalid ones 400 or 422).
     */
    static int run(long budgetMs, ServerFlags flags, ServerInfo info, ExecutorService executor) {
        if (budgetMs <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        long deadline = started + budgetMs * 1_000_000L;
        long hardDeadline = started + MAX_BUDGETS * budgetMs * 1_000_000L;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        int queries = 0;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("narthex-warmup");
        } catch (IOException | RuntimeException e) {
            log.atDebug().addKeyValue("err", e.toString()).log("Query warm-up without a temporary directory");
        }
        try (EngineBackend backend = EngineBackend.over(WarmupDatabase.create(dir), flags, 60_000)) {
            // Its own metric registry: warm-up requests must not show in the server's HTTP metrics.
            HttpServer http = new HttpServer(new ApiV1(backend, backend.queryable(), info, () -> END_MS), executor,
                    new HttpMetrics(new MetricRegistry()), HttpServer.DEFAULT_MAX_BODY_BYTES);
            try (LoopbackHttpClient client = new LoopbackHttpClient(http.start("127.0.0.1", 0))) {
                boolean busy = true;
                for (int round = 0; round < MAX_ROUNDS; round++) {
                    long now = System.nanoTime();
                    if (round > 0 && now >= deadline && (!busy || now >= hardDeadline)) {
                        break;
                    }
                    long compileMsBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
                    for (String expr : EXPRESSIONS) {
                        queries += answered(client.post(ApiV1.PREFIX + "/query",
                                Map.of("query", expr, "time", Long.toString(END_MS / 1000))));
                        queries += answered(client.post(ApiV1.PREFIX + "/query_range", Map.of("query", expr,
                                "start", Long.toString(START_MS / 1000 + 600), "end", Long.toString(END_MS / 1000),
                                "step", "60")));
                    }
                    for (String expr : FLEET_EXPRESSIONS) {
                        queries += answered(client.post(ApiV1.PREFIX + "/query_range", Map.of("query", expr,
                                "start", Long.toString(START_MS / 1000 + 307), "end", Long.toString(END_MS / 1000),
                                "step", "60")));
                    }
                    busy = jitTimed && jitBusy(jit.getTotalCompilationTime() - compileMsBefore,
                            (System.nanoTime() - now) / 1_000_000);
                }
            } finally {
                // Before the synthetic database closes under it.
                http.stop(0);
            }
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("err", e.toString()).log("Query warm-up stopped early");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.atWarn().log("Query warm-up interrupted");
        } finally {
            deleteRecursively(dir);
        }
        log.atInfo().addKeyValue("queries", queries)
                .addKeyValue("jit_ms", jitTimed ? ManagementFactory.getCompilationMXBean().getTotalCompilationTime() : -1)
                .addKeyValue("duration", (System.nanoTime() - started) / 1_000_000 + "ms").log("Query warm-up done");
        return queries;
    }

    /** Whether the JIT spent more than {@link #BUSY_COMPILE_SHARE} of a round's wall time compiling. */
    static boolean jitBusy(long compileMs, long roundMs) {
        return compileMs > BUSY_COMPILE_SHARE * Math.max(1, roundMs);
    }

    /** 1 when the status is an answer (success, or a bad-data or execution error), else 0. */
    private static int answered(int status) {
        return status == 200 || status == 400 || status == 422 ? 1 : 0;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.atWarn().addKeyValue("dir", dir).addKeyValue("err", e.toString())
                    .log("Could not delete the query warm-up's temporary directory");
        }
    }
}
