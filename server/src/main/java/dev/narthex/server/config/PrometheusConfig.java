package dev.narthex.server.config;

import dev.narthex.scraper.config.ScrapeConfig;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated {@code prometheus.yml}. Immutable. The scrape part is the scraper's own model
 * ({@code scrapeGlobal}, {@code scrapeConfigs}); {@code scrapeConfigsYaml} keeps the entries as written,
 * for the rendering. {@code extra} keeps the other top-level sections Prometheus knows (remote_write,
 * storage, ...) as plain YAML values.
 */
public record PrometheusConfig(GlobalConfig global, dev.narthex.scraper.config.GlobalConfig scrapeGlobal,
                               List<String> ruleFiles, List<ScrapeConfig> scrapeConfigs, List<Object> scrapeConfigsYaml,
                               AlertingConfig alerting, Map<String, Object> extra) {
    public PrometheusConfig {
        ruleFiles = List.copyOf(ruleFiles);
        scrapeConfigs = List.copyOf(scrapeConfigs);
        scrapeConfigsYaml = List.copyOf(scrapeConfigsYaml);
        extra = Map.copyOf(extra);
    }

    /** Prometheus's {@code max_exemplars} when the configuration does not set it. */
    public static final long DEFAULT_MAX_EXEMPLARS = 100_000;

    /**
     * {@code storage.exemplars.max_exemplars} (checked to be an integer at load), or {@link
     * #DEFAULT_MAX_EXEMPLARS}; 0 or less keeps no exemplars. Only in effect with the exemplar-storage feature.
     */
    public long maxExemplars() {
        if (extra.get("storage") instanceof Map<?, ?> st && st.get("exemplars") instanceof Map<?, ?> ex
                && ex.get("max_exemplars") instanceof String v) {
            return Long.parseLong(v);
        }
        return DEFAULT_MAX_EXEMPLARS;
    }

    /** The YAML rendering shown by {@code /api/v1/status/config}. */
    public String toYaml() {
        return ConfigYamlWriter.write(this);
    }
}
