package dev.narthex.promql.scripts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration syntax as used by test scripts ({@code 1h30m}, {@code 10s53ms}, {@code 0}), in milliseconds. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};

    private Durations() {
    }

    static long parse(String s) {
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new ScriptSyntaxException("not a valid duration string: \"" + s + "\"");
        }
        long ms = 0;
        for (int g = 1; g <= UNIT_MS.length; g++) {
            if (m.group(g) != null) {
                ms += Long.parseLong(m.group(g)) * UNIT_MS[g - 1];
            }
        }
        return ms;
    }
}
