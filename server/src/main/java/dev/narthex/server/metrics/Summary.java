package dev.narthex.server.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A summary family without quantiles: only {@code _sum} and {@code _count}, which rates can use. Thread-safe. */
public final class Summary implements Collector {
    private final String name;
    private final String help;
    private final String[] labelNames;
    private final ConcurrentMap<LabelValues, Child> children = new ConcurrentHashMap<>();

    Summary(String name, String help, String... labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames.clone();
    }

    public Child labels(String... values) {
        LabelValues key = new LabelValues(values, labelNames.length);
        Child c = children.get(key);
        return c != null ? c : children.computeIfAbsent(key, k -> new Child());
    }

    @Override
    public void collect(StringBuilder out) {
        TextFormat.header(out, name, help, "summary");
        for (var e : LabelValues.sorted(children)) {
            String[] values = e.getKey().values();
            TextFormat.sample(out, name + "_sum", labelNames, values, null, null, e.getValue().sum.sum());
            TextFormat.sample(out, name + "_count", labelNames, values, null, null, e.getValue().count.sum());
        }
    }

    /** One labelled summary. */
    public static final class Child {
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        public void observe(double v) {
            count.increment();
            sum.add(v);
        }

        public long count() {
            return count.sum();
        }
    }
}
