package dev.narthex.server.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A counter family with fixed label names. {@link #labels} returns a child to keep and increment without
 * further lookups on hot paths. Thread-safe.
 */
public final class Counter implements Collector {
    private final String name;
    private final String help;
    private final String[] labelNames;
    private final ConcurrentMap<LabelValues, Child> children = new ConcurrentHashMap<>();

    Counter(String name, String help, String... labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames.clone();
    }

    /** The child for these label values (created at zero on first use). */
    public Child labels(String... values) {
        LabelValues key = new LabelValues(values, labelNames.length);
        Child c = children.get(key);
        return c != null ? c : children.computeIfAbsent(key, k -> new Child());
    }

    /** Increments the child without labels. */
    public void inc() {
        labels().inc();
    }

    public double get(String... values) {
        Child c = children.get(new LabelValues(values, labelNames.length));
        return c == null ? 0 : c.get();
    }

    @Override
    public void collect(StringBuilder out) {
        TextFormat.header(out, name, help, "counter");
        for (var e : LabelValues.sorted(children)) {
            TextFormat.sample(out, name, labelNames, e.getKey().values(), null, null, e.getValue().get());
        }
    }

    /** One labelled counter. */
    public static final class Child {
        private final DoubleAdder value = new DoubleAdder();

        public void inc() {
            value.add(1);
        }

        public void add(double v) {
            if (v < 0) {
                throw new IllegalArgumentException("counters only go up");
            }
            value.add(v);
        }

        public double get() {
            return value.sum();
        }
    }
}
