package dev.narthex.server.metrics;

import dev.narthex.server.api.PromNumbers;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A classic histogram family with fixed buckets and label names. Observing allocates nothing once the
 * child exists. Thread-safe.
 */
public final class Histogram implements Collector {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final String[] labelNames;
    private final ConcurrentMap<LabelValues, Child> children = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, String... labelNames) {
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("histogram buckets must be increasing");
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.labelNames = labelNames.clone();
    }

    public Child labels(String... values) {
        LabelValues key = new LabelValues(values, labelNames.length);
        Child c = children.get(key);
        return c != null ? c : children.computeIfAbsent(key, k -> new Child(bounds));
    }

    public void observe(double v) {
        labels().observe(v);
    }

    @Override
    public void collect(StringBuilder out) {
        TextFormat.header(out, name, help, "histogram");
        for (var e : LabelValues.sorted(children)) {
            String[] values = e.getKey().values();
            Child c = e.getValue();
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += c.buckets[i].sum();
                TextFormat.sample(out, name + "_bucket", labelNames, values, "le", PromNumbers.formatFloatG(bounds[i]), cumulative);
            }
            long count = c.count.sum();
            TextFormat.sample(out, name + "_bucket", labelNames, values, "le", "+Inf", count);
            TextFormat.sample(out, name + "_sum", labelNames, values, null, null, c.sum.sum());
            TextFormat.sample(out, name + "_count", labelNames, values, null, null, count);
        }
    }

    /** One labelled histogram. */
    public static final class Child {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Child(double[] bounds) {
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(v);
        }

        public long count() {
            return count.sum();
        }
    }
}
