package dev.narthex.server.metrics;

/** Something that writes metric families in the Prometheus text format (0.0.4). Thread-safe. */
public interface Collector {
    void collect(StringBuilder out);
}
