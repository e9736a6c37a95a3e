package dev.narthex.promql.engine;

import java.time.Duration;

/**
 * Engine-wide settings with Prometheus's defaults: 5m lookback, 50,000,000 samples per query, 2m timeout,
 * and a 1m default evaluation interval, which is the step of subqueries written without one ({@code [5m:]}).
 */
public record EngineOptions(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultEvaluationInterval) {
    public static final EngineOptions DEFAULTS = new EngineOptions(Duration.ofMinutes(5), 50_000_000L, Duration.ofMinutes(2));

    /** Settings with the default 1m evaluation interval. */
    public EngineOptions(Duration lookbackDelta, long maxSamples, Duration timeout) {
        this(lookbackDelta, maxSamples, timeout, Duration.ofMinutes(1));
    }
}
