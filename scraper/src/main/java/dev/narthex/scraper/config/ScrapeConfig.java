package dev.narthex.scraper.config;

import dev.narthex.scraper.discovery.TargetGroup;
import dev.narthex.storage.relabel.RelabelConfig;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry after defaults from the global section were applied and validation
 * passed. Durations in milliseconds; a limit of 0 means no limit. Immutable; equal configurations are
 * {@code equals}, which is how a reload tells unchanged jobs from changed ones.
 *
 * @param params query parameters added to every scrape URL (first value overridable by {@code __param_*})
 * @param fallbackScrapeProtocol media type used when a target sends a missing or unknown Content-Type,
 *     or "" for none (then such scrapes fail, as in Prometheus 3)
 * @param scrapeProtocols the protocols offered in the Accept header, most preferred first
 *     ({@code OpenMetricsText1.0.0}, {@code PrometheusText0.0.4}, ...)
 */
public record ScrapeConfig(String jobName, long scrapeIntervalMs, long scrapeTimeoutMs, String metricsPath,
        String scheme, Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps,
        boolean trackTimestampsStaleness, long sampleLimit, long labelLimit, long labelNameLengthLimit,
        long labelValueLengthLimit, long targetLimit, long bodySizeLimit, long keepDroppedTargets,
        boolean enableCompression, String fallbackScrapeProtocol, List<String> scrapeProtocols, HttpClientConfig httpClient,
        List<TargetGroup> staticConfigs, List<FileSdConfig> fileSdConfigs, List<RelabelConfig> relabelConfigs,
        List<RelabelConfig> metricRelabelConfigs) {

    /** Prometheus 3's default scrape_protocols. */
    public static final List<String> DEFAULT_SCRAPE_PROTOCOLS =
            List.of("OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4");

    public ScrapeConfig {
        params = Map.copyOf(params);
        scrapeProtocols = List.copyOf(scrapeProtocols);
        staticConfigs = List.copyOf(staticConfigs);
        fileSdConfigs = List.copyOf(fileSdConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
    }
}
