package dev.narthex.server.config;

import dev.narthex.promql.parse.PromqlParser;

/**
 * Prometheus's duration notation ({@code 1y2w3d4h5m6s7ms}, units in that order, each at most once, or
 * {@code 0}), in milliseconds. A year is 365 days and a week 7 days, as in Prometheus. Parsing is PromQL's;
 * this class adds the canonical formatting used in configs and flags.
 */
public final class PromDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};

    private PromDuration() {
    }

    /**
     * Parses with PromQL's duration parser, which follows Prometheus's {@code model.ParseDuration} exactly.
     *
     * @throws IllegalArgumentException with Prometheus's text ({@code not a valid duration string: "x"})
     */
    public static long parseMillis(String s) {
        return PromqlParser.parseDuration(s);
    }

    /** Prometheus's canonical form: {@code 0s}, {@code 15d}, {@code 1h30m}; years and weeks only when exact. */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int u = 0; u < UNITS.length; u++) {
            boolean exactOnly = u < 2;
            if (exactOnly && ms % MILLIS[u] != 0) {
                continue;
            }
            long v = ms / MILLIS[u];
            if (v > 0) {
                sb.append(v).append(UNITS[u]);
                ms -= v * MILLIS[u];
            }
        }
        return sb.toString();
    }
}
