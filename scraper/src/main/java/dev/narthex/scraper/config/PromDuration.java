package dev.narthex.scraper.config;

import dev.narthex.storage.text.GoQuote;


/** Prometheus's duration notation ({@code 1y2w3d4h5m6s7ms}), parsed to and printed from milliseconds. */
public final class PromDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};

    private PromDuration() {
    }

    /**
     * @throws IllegalArgumentException with Prometheus's text ("not a valid duration string: ...")
     */
    public static long parseMillis(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return 0;
        }
        long total = 0;
        int i = 0;
        int nextUnit = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw invalid(s);
            }
            long n;
            try {
                n = Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw invalid(s);
            }
            int u = -1;
            for (int k = nextUnit; k < UNITS.length; k++) {
                if (s.startsWith(UNITS[k], i) && !(UNITS[k].equals("m") && s.startsWith("ms", i))) {
                    u = k;
                    break;
                }
            }
            if (u < 0) {
                throw invalid(s);
            }
            i += UNITS[u].length();
            nextUnit = u + 1;
            if (n > Long.MAX_VALUE / MILLIS[u] || total > Long.MAX_VALUE - n * MILLIS[u]) {
                throw new IllegalArgumentException("duration out of range");
            }
            total += n * MILLIS[u];
        }
        return total;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(s));
    }

    /** Prints as Prometheus's {@code model.Duration.String()}: largest units first, "0s" for zero. */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long rest = millis;
        for (int k = 0; k < UNITS.length; k++) {
            long n = rest / MILLIS[k];
            if (n > 0) {
                sb.append(n).append(UNITS[k]);
                rest -= n * MILLIS[k];
            }
        }
        return sb.toString();
    }
}
