package dev.narthex.server;

import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.server.api.QueryService;
import dev.narthex.server.metrics.MetricRegistry;
import dev.narthex.server.metrics.Summary;
import dev.narthex.storage.Matcher;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records Prometheus's engine metrics around another {@link QueryService}. Thread-safe. */
final class TimedQueryService implements QueryService {
    private final QueryService delegate;
    private final Summary.Child innerEval;
    private final AtomicInteger running = new AtomicInteger();

    TimedQueryService(QueryService delegate, MetricRegistry registry, int maxConcurrency) {
        this.delegate = delegate;
        Summary duration = registry.summary("prometheus_engine_query_duration_seconds", "Query timings", "slice");
        this.innerEval = duration.labels("inner_eval");
        registry.gauge("prometheus_engine_queries", "The current number of queries being executed or waiting.", running::get);
        registry.gauge("prometheus_engine_queries_concurrent_max", "The max number of concurrent queries.", () -> maxConcurrency);
    }

    @Override
    public QueryResult instantQuery(String expr, long timeMs, QueryOptions options) {
        running.incrementAndGet();
        long t0 = System.nanoTime();
        try {
            return delegate.instantQuery(expr, timeMs, options);
        } finally {
            innerEval.observe((System.nanoTime() - t0) / 1e9);
            running.decrementAndGet();
        }
    }

    @Override
    public QueryResult rangeQuery(String expr, long startMs, long endMs, long stepMs, QueryOptions options) {
        running.incrementAndGet();
        long t0 = System.nanoTime();
        try {
            return delegate.rangeQuery(expr, startMs, endMs, stepMs, options);
        } finally {
            innerEval.observe((System.nanoTime() - t0) / 1e9);
            running.decrementAndGet();
        }
    }

    @Override
    public String formatQuery(String expr) {
        return delegate.formatQuery(expr);
    }

    @Override
    public List<Matcher> parseMetricSelector(String selector) {
        return delegate.parseMetricSelector(selector);
    }
}
