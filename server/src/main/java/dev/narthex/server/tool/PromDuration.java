package dev.narthex.server.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Prometheus duration strings ({@code 1y2w3d4h5m6s7ms}, each unit at most once, in that order) in ms. */
final class PromDuration {
    private static final Pattern PATTERN =
            Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};

    private PromDuration() {
    }

    static long parseMillis(String s) {
        Matcher m = PATTERN.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long ms = 0;
        for (int g = 1; g <= 7; g++) {
            if (m.group(g) != null) {
                ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(m.group(g)), UNIT_MS[g - 1]));
            }
        }
        return ms;
    }

    /** picocli converter for duration options. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parseMillis(value);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
