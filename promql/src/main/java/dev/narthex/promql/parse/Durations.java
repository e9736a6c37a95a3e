package dev.narthex.promql.parse;

import dev.narthex.storage.text.GoQuote;

/** Prometheus's duration syntax ({@code model.ParseDuration}): {@code 1y2w3d4h5m6s7ms}, units in order. */
final class Durations {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_NANOS = {365L * 24 * 3600 * 1_000_000_000L, 7L * 24 * 3600 * 1_000_000_000L,
            24L * 3600 * 1_000_000_000L, 3600L * 1_000_000_000L, 60L * 1_000_000_000L, 1_000_000_000L, 1_000_000L};

    private Durations() {
    }

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalArgumentException with Prometheus's message for malformed or out-of-range text
     */
    static long parseNanos(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        String invalid = "not a valid duration string: " + GoQuote.quote(s);
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            if (!PromqlLexer.isDigit(s.charAt(i))) {
                throw new IllegalArgumentException(invalid);
            }
            int j = i;
            while (j < s.length() && PromqlLexer.isDigit(s.charAt(j))) {
                j++;
            }
            long v;
            try {
                v = Long.parseUnsignedLong(s.substring(i, j));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(invalid);
            }
            int k = j;
            while (k < s.length() && !PromqlLexer.isDigit(s.charAt(k))) {
                k++;
            }
            if (k == j) {
                throw new IllegalArgumentException(invalid);
            }
            String u = s.substring(j, k);
            int unit = -1;
            for (int x = 0; x < UNITS.length; x++) {
                if (UNITS[x].equals(u)) {
                    unit = x;
                }
            }
            if (unit < 0) {
                throw new IllegalArgumentException("unknown unit " + GoQuote.quote(u) + " in duration " + GoQuote.quote(s));
            }
            if (unit <= lastUnit) {
                throw new IllegalArgumentException(invalid);
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
}
