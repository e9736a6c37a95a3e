package dev.narthex.engine.yaml;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus's {@code model.Duration} text ({@code 1h30m}, {@code 0}) in milliseconds, and back. */
public final class PromDuration {
    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] UNIT_MS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    private static final Pattern UNIT = Pattern.compile("[0-9]+([^0-9]+)");
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {
    }

    /** @throws IllegalArgumentException with Prometheus's text */
    public static long parse(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            Matcher u = UNIT.matcher(s);
            while (u.find()) {
                if (!java.util.List.of(UNITS).contains(u.group(1))) {
                    throw new IllegalArgumentException("unknown unit \"" + u.group(1) + "\" in duration \"" + s + "\"");
                }
            }
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long ms = 0;
        for (int g = 1; g <= UNIT_MS.length; g++) {
            if (m.group(g) != null) {
                ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(m.group(g)), UNIT_MS[g - 1]));
            }
        }
        return ms;
    }

    /** {@code model.Duration.String()}: largest units first, "0s" for zero. */
    public static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNITS.length; i++) {
            long n = ms / UNIT_MS[i];
            if (n > 0) {
                sb.append(n).append(UNITS[i]);
                ms -= n * UNIT_MS[i];
            }
        }
        return sb.toString();
    }
}
