package dev.narthex.server.config;

/**
 * Prometheus's duration notation ({@code 1y2w3d4h5m6s7ms}, units in that order, each at most once, or
 * {@code 0}), in milliseconds. A year is 365 days and a week 7 days, as in Prometheus.
 */
public final class PromDuration {
    private static final char[][] UNITS = {{'y'}, {'w'}, {'d'}, {'h'}, {'m'}, {'s'}, {'m', 's'}};
    private static final long[] MILLIS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};

    private PromDuration() {
    }

    /** @throws IllegalArgumentException with Prometheus's text ({@code not a valid duration string: "x"}) */
    public static long parseMillis(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return 0;
        }
        long total = 0;
        int pos = 0;
        int nextUnit = 0;
        while (pos < s.length()) {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start || pos == s.length()) {
                throw invalid(s);
            }
            int unit = matchUnit(s, pos, nextUnit);
            if (unit < 0) {
                throw invalid(s);
            }
            long n;
            try {
                n = Long.parseLong(s, start, pos, 10);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value \"" + s.substring(start, pos) + "\" for unit in duration " + quote(s));
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(n, MILLIS[unit]));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration out of range");
            }
            pos += UNITS[unit].length;
            nextUnit = unit + 1;
        }
        // Prometheus keeps durations as Go nanoseconds: anything past ~292 years is out of range.
        if (total > Long.MAX_VALUE / 1_000_000L) {
            throw new IllegalArgumentException("duration out of range");
        }
        return total;
    }

    private static int matchUnit(String s, int pos, int from) {
        for (int u = from; u < UNITS.length; u++) {
            char[] name = UNITS[u];
            if (pos + name.length > s.length()) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < name.length; i++) {
                if (s.charAt(pos + i) != name[i]) {
                    same = false;
                    break;
                }
            }
            // "m" must not swallow the "m" of "ms".
            if (same && u == 4 && pos + 1 < s.length() && s.charAt(pos + 1) == 's') {
                continue;
            }
            if (same) {
                return u;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("not a valid duration string: " + quote(s));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
