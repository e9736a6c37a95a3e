package dev.narthex.promql.engine;

import java.time.Duration;

/**
 * Engine-wide settings with Prometheus's defaults: 5m lookback, 50,000,000 samples per query, 2m timeout,
 * and a 1m default evaluation interval, which is the step of subqueries written without one ({@code [5m:]}).
 * {@code useStartTimestamps} (off by default, as Prometheus's {@code UseStartTimestamps}) lets rate, irate,
 * increase and resets use the per-sample start timestamps stored with a selected series.
 */
public record EngineOptions(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultEvaluationInterval,
                            boolean useStartTimestamps) {
    public static final EngineOptions DEFAULTS = new EngineOptions(Duration.ofMinutes(5), 50_000_000L, Duration.ofMinutes(2));

    /** Settings that ignore start timestamps. */
    public EngineOptions(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultEvaluationInterval) {
        this(lookbackDelta, maxSamples, timeout, defaultEvaluationInterval, false);
    }

    /** These settings with start timestamps used or ignored. */
    public EngineOptions withStartTimestamps(boolean use) {
        return new EngineOptions(lookbackDelta, maxSamples, timeout, defaultEvaluationInterval, use);
    }

    /** Settings with the default 1m evaluation interval. */
    public EngineOptions(Duration lookbackDelta, long maxSamples, Duration timeout) {
        this(lookbackDelta, maxSamples, timeout, Duration.ofMinutes(1));
    }
}
