package dev.narthex.server.api;

import java.util.Map;

/** What the status endpoints report about the running server. Implementations are thread-safe. */
public interface ServerInfo {
    /** Every flag with its effective value, as {@code /api/v1/status/flags}. */
    Map<String, String> flags();

    /** The running configuration rendered as YAML. */
    String configYaml();

    /** Whether {@code --web.enable-admin-api} was given. */
    boolean adminApiEnabled();

    /** Start time of the server (ms since the epoch). */
    long startTimeMs();

    /** Whether the last configuration (re)load succeeded, and when the running one was loaded (ms). */
    boolean lastReloadSuccessful();

    long lastConfigTimeMs();

    /** Retention as Prometheus shows it ({@code 15d}, {@code 15d or 512MiB}). */
    String storageRetention();

    /** Rules, alerts and Alertmanagers; none unless the server evaluates rules. */
    default RulesView rules() {
        return RulesView.NONE;
    }
}
