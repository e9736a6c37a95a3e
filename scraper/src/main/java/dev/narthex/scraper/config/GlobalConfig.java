package dev.narthex.scraper.config;

/**
 * The scrape-related fields of prometheus.yml's {@code global} section, with Prometheus's defaults
 * (interval 1m, timeout 10s, no limits). Durations in milliseconds; 0 for a limit means none.
 */
public record GlobalConfig(long scrapeIntervalMs, long scrapeTimeoutMs, long bodySizeLimit, long sampleLimit,
        long targetLimit, long labelLimit, long labelNameLengthLimit, long labelValueLengthLimit,
        long keepDroppedTargets) {

    public static final GlobalConfig DEFAULT = new GlobalConfig(60_000, 10_000, 0, 0, 0, 0, 0, 0, 0);
}
