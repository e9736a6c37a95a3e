package dev.narthex.storage.text;

/**
 * Prometheus's duration text ({@code model.Duration}): {@code 1y2w3d4h5m6s7ms}, each unit at most once
 * and largest first, or {@code 0}. A year is 365 days and a week 7 days. Parsing follows
 * {@code model.ParseDuration} with its error texts and its limit (the duration must fit Go's
 * {@code time.Duration}, about 292 years); formatting follows {@code model.Duration.String()}.
 * Stateless and thread-safe.
 */
public final class PromDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_NANOS = {365L * 86_400_000_000_000L, 7L * 86_400_000_000_000L,
            86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
    private static final long[] UNIT_MILLIS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L,
            60_000L, 1000L, 1L};

    private PromDuration() {
    }

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalArgumentException with Prometheus's text: {@code empty duration string},
     *         {@code not a valid duration string: "x"}, {@code unknown unit "x" in duration "1x"} or
     *         {@code duration out of range}
     */
    public static long parseNanos(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            if (!isDigit(s.charAt(i))) {
                throw invalid(s);
            }
            int j = i;
            while (j < s.length() && isDigit(s.charAt(j))) {
                j++;
            }
            long v;
            try {
                v = Long.parseUnsignedLong(s.substring(i, j));
            } catch (NumberFormatException e) {
                throw invalid(s);
            }
            int k = j;
            while (k < s.length() && !isDigit(s.charAt(k))) {
                k++;
            }
            if (k == j) {
                throw invalid(s);
            }
            String u = s.substring(j, k);
            int unit = unitIndex(u);
            if (unit < 0) {
                throw new IllegalArgumentException("unknown unit " + GoQuote.quote(u) + " in duration " + GoQuote.quote(s));
            }
            if (unit <= lastUnit) {
                throw invalid(s);
            }
            lastUnit = unit;
            if (Long.compareUnsigned(v, Long.divideUnsigned(1L << 63, UNIT_NANOS[unit])) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
            total += v * UNIT_NANOS[unit];
            if (total < 0) {
                throw new IllegalArgumentException("duration out of range");
            }
            i = k;
        }
        return total;
    }

    /**
     * The duration in milliseconds (sub-millisecond parts cannot be written, so nothing is lost).
     *
     * @throws IllegalArgumentException as {@link #parseNanos}
     */
    public static long parseMillis(String s) {
        return parseNanos(s) / 1_000_000L;
    }

    /**
     * {@code model.Duration.String()}: {@code 0s} for zero, otherwise units largest first, years and
     * weeks only when they divide the rest exactly (so 90 days prints as {@code 90d}, not {@code 12w6d}).
     * A negative duration, which Prometheus never parses, prints with a leading minus.
     */
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
            if (exactOnly && ms % UNIT_MILLIS[u] != 0) {
                continue;
            }
            long v = ms / UNIT_MILLIS[u];
            if (v > 0) {
                sb.append(v).append(UNITS[u]);
                ms -= v * UNIT_MILLIS[u];
            }
        }
        return sb.toString();
    }

    private static int unitIndex(String u) {
        for (int x = 0; x < UNITS.length; x++) {
            if (UNITS[x].equals(u)) {
                return x;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(s));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
