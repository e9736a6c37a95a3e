package dev.narthex.server.config;

import java.util.List;

/** The {@code alerting} section, kept as plain YAML values (Map per entry) until alerting is implemented. */
public record AlertingConfig(List<Object> alertRelabelConfigs, List<Object> alertmanagers) {
    public static final AlertingConfig EMPTY = new AlertingConfig(List.of(), List.of());

    public AlertingConfig {
        alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
        alertmanagers = List.copyOf(alertmanagers);
    }
}
