package dev.narthex.server.config;

import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry, validated, with defaults from the global section filled in
 * (interval, timeout, limits). Durations in milliseconds. Relabel rules, HTTP client settings and service
 * discovery other than {@code static_configs} are kept as plain YAML values (String, List, Map) in
 * {@code relabelConfigs}, {@code metricRelabelConfigs} and {@code extra}, for the scraper to interpret.
 */
public record ScrapeConfig(String jobName, boolean honorLabels, boolean honorTimestamps,
                           boolean trackTimestampsStaleness, Map<String, List<String>> params,
                           long scrapeIntervalMs, long scrapeTimeoutMs, String metricsPath, String scheme,
                           boolean enableCompression, long sampleLimit, long targetLimit, long labelLimit,
                           long labelNameLengthLimit, long labelValueLengthLimit,
                           List<StaticConfig> staticConfigs, List<Object> relabelConfigs,
                           List<Object> metricRelabelConfigs, Map<String, Object> extra) {
    public ScrapeConfig {
        params = Map.copyOf(params);
        staticConfigs = List.copyOf(staticConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        extra = Map.copyOf(extra);
    }
}
