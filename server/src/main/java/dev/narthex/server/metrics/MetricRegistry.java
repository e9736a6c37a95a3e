package dev.narthex.server.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/** The server's own metrics, exposed on {@code /metrics} in registration order. Thread-safe. */
public final class MetricRegistry {
    private final List<Collector> collectors = new CopyOnWriteArrayList<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, labelNames));
    }

    public Gauge gauge(String name, String help) {
        return register(new Gauge(name, help, null));
    }

    public Gauge gauge(String name, String help, DoubleSupplier supplier) {
        return register(new Gauge(name, help, supplier));
    }

    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return register(new Histogram(name, help, buckets, labelNames));
    }

    public Summary summary(String name, String help, String... labelNames) {
        return register(new Summary(name, help, labelNames));
    }

    public <C extends Collector> C register(C collector) {
        collectors.add(collector);
        return collector;
    }

    /** The whole exposition (text format 0.0.4). */
    public String scrape() {
        StringBuilder out = new StringBuilder(8192);
        for (Collector c : collectors) {
            c.collect(out);
        }
        return out.toString();
    }
}
