package dev.narthex.server.api;

/**
 * What {@code /api/v1/status/buildinfo} reports. The version is the Prometheus release whose API and
 * PromQL Narthex follows, so that clients which check versions (Grafana) enable the right features.
 */
public final class BuildInfo {
    public static final String VERSION = "3.5.0";
    public static final String NARTHEX_VERSION = implementationVersion();

    private BuildInfo() {
    }

    private static String implementationVersion() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** Stands in for Prometheus's {@code goVersion}: the runtime that runs the server. */
    public static String runtimeVersion() {
        return "java" + Runtime.version();
    }
}
