package dev.narthex.server.metrics;

import java.util.function.DoubleSupplier;

/** A gauge without labels, read from a supplier at collection time (or set directly). Thread-safe. */
public final class Gauge implements Collector {
    private final String name;
    private final String help;
    private final DoubleSupplier supplier;
    private volatile double value;

    Gauge(String name, String help, DoubleSupplier supplier) {
        this.name = name;
        this.help = help;
        this.supplier = supplier;
    }

    public void set(double v) {
        value = v;
    }

    public double get() {
        return supplier != null ? supplier.getAsDouble() : value;
    }

    @Override
    public void collect(StringBuilder out) {
        TextFormat.header(out, name, help, "gauge");
        TextFormat.sample(out, name, new String[0], new String[0], null, null, get());
    }
}
