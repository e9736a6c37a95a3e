package dev.narthex.server.config;

import dev.narthex.storage.Labels;
import java.util.Map;

/**
 * The {@code global} section with Prometheus's defaults filled in (1m scrape interval, 10s scrape timeout
 * or the interval when shorter, 1m evaluation interval). Durations in milliseconds; limits 0 = none.
 * {@code extra} keeps the other known fields as plain YAML values (String, List, Map) for later use.
 */
public record GlobalConfig(long scrapeIntervalMs, long scrapeTimeoutMs, long evaluationIntervalMs,
                           long ruleQueryOffsetMs, Labels externalLabels, String queryLogFile,
                           long sampleLimit, long targetLimit, long labelLimit, long labelNameLengthLimit,
                           long labelValueLengthLimit, Map<String, Object> extra) {
    public static final long DEFAULT_SCRAPE_INTERVAL_MS = 60_000;
    public static final long DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

    public static final GlobalConfig DEFAULT = new GlobalConfig(DEFAULT_SCRAPE_INTERVAL_MS, DEFAULT_SCRAPE_TIMEOUT_MS,
            DEFAULT_EVALUATION_INTERVAL_MS, 0, Labels.EMPTY, "", 0, 0, 0, 0, 0, Map.of());

    public GlobalConfig {
        extra = Map.copyOf(extra);
    }
}
