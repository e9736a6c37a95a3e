package dev.narthex.server.config;

import java.util.List;
import java.util.Map;

/**
 * A loaded, validated {@code prometheus.yml}. Immutable. {@code extra} keeps the other top-level sections
 * Prometheus knows (remote_write, storage, ...) as plain YAML values.
 */
public record PrometheusConfig(GlobalConfig global, List<String> ruleFiles, List<ScrapeConfig> scrapeConfigs,
                               AlertingConfig alerting, Map<String, Object> extra) {
    public PrometheusConfig {
        ruleFiles = List.copyOf(ruleFiles);
        scrapeConfigs = List.copyOf(scrapeConfigs);
        extra = Map.copyOf(extra);
    }

    /** The YAML rendering shown by {@code /api/v1/status/config}. */
    public String toYaml() {
        return ConfigYamlWriter.write(this);
    }
}
