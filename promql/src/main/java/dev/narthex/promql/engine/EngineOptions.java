package dev.narthex.promql.engine;

import java.time.Duration;

/**
 * Engine-wide settings with Prometheus's defaults: 5m lookback, 50,000,000 samples per query, 2m timeout.
 */
public record EngineOptions(Duration lookbackDelta, long maxSamples, Duration timeout) {
    public static final EngineOptions DEFAULTS = new EngineOptions(Duration.ofMinutes(5), 50_000_000L, Duration.ofMinutes(2));
}
