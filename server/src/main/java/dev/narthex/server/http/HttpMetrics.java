package dev.narthex.server.http;

import dev.narthex.server.metrics.Counter;
import dev.narthex.server.metrics.Histogram;
import dev.narthex.server.metrics.MetricRegistry;

/** Prometheus's HTTP server metrics: requests by code and handler, and their durations by handler. */
public final class HttpMetrics {
    private static final double[] BUCKETS = {0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120};
    private final Counter requests;
    private final Histogram duration;

    public HttpMetrics(MetricRegistry registry) {
        requests = registry.counter("prometheus_http_requests_total",
                "Counter of HTTP requests.", "code", "handler");
        duration = registry.histogram("prometheus_http_request_duration_seconds",
                "Histogram of latencies for HTTP requests.", BUCKETS, "handler");
    }

    void observe(String handler, int code, long nanos) {
        requests.labels(Integer.toString(code), handler).inc();
        duration.labels(handler).observe(nanos / 1e9);
    }
}
