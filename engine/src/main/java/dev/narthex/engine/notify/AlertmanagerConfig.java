package dev.narthex.engine.notify;

import dev.narthex.storage.relabel.RelabelConfig;
import java.util.List;

/**
 * One entry of {@code alerting.alertmanagers}: static targets ({@code host:port}), scheme, path
 * prefix, timeout and the set's own relabeling. Only API v2 exists in Prometheus 3.
 */
public record AlertmanagerConfig(String scheme, String pathPrefix, long timeoutMs, String apiVersion, List<String> targets,
        List<RelabelConfig> relabel) {
    public AlertmanagerConfig {
        targets = List.copyOf(targets);
        relabel = List.copyOf(relabel);
    }

    /** The URLs alerts are posted to: {@code scheme://target/prefix/api/v2/alerts}. */
    public List<String> urls() {
        String prefix = pathPrefix == null ? "" : pathPrefix;
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!prefix.isEmpty() && !prefix.startsWith("/")) {
            prefix = "/" + prefix;
        }
        String p = prefix;
        return targets.stream().map(t -> scheme + "://" + t + p + "/api/v2/alerts").toList();
    }
}
