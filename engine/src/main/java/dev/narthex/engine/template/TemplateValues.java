package dev.narthex.engine.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The Go types that Prometheus's template functions produce, with Go's printing. */
public final class TemplateValues {
    private TemplateValues() {
    }

    /** A query result element: {@code .Labels} (with {@code __value__} for strings) and {@code .Value}. */
    public record QuerySample(Map<String, String> labels, Object value) {
    }

    /** A {@code time.Time} in UTC with millisecond precision (what {@code model.Time} keeps). */
    public record GoTime(long epochMillis) {
        private static final DateTimeFormatter BASE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

        /** Go's {@code time.Time.String()}: fraction without trailing zeros, then " +0000 UTC". */
        @Override
        public String toString() {
            Instant t = Instant.ofEpochMilli(epochMillis);
            StringBuilder sb = new StringBuilder(BASE.format(t));
            int ms = Math.floorMod(epochMillis, 1000);
            if (ms != 0) {
                String f = String.format("%03d", ms);
                while (f.endsWith("0")) {
                    f = f.substring(0, f.length() - 1);
                }
                sb.append('.').append(f);
            }
            return sb.append(" +0000 UTC").toString();
        }
    }

    /** A {@code time.Duration} in nanoseconds, printed as Go does ({@code 1h2m3.5s}). */
    public record GoDuration(long nanos) {
        @Override
        public String toString() {
            if (nanos == 0) {
                return "0s";
            }
            long u = Math.abs(nanos);
            String neg = nanos < 0 ? "-" : "";
            if (u < 1_000_000_000L) {
                String unit;
                double scaled;
                if (u < 1000) {
                    return neg + u + "ns";
                } else if (u < 1_000_000) {
                    unit = "µs";
                    scaled = u / 1e3;
                } else {
                    unit = "ms";
                    scaled = u / 1e6;
                }
                return neg + dev.narthex.storage.text.GoFloatFormat.formatF(scaled) + unit;
            }
            StringBuilder sb = new StringBuilder(neg);
            long h = u / 3_600_000_000_000L;
            long m = (u / 60_000_000_000L) % 60;
            double s = (u % 60_000_000_000L) / 1e9;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            return sb.append(dev.narthex.storage.text.GoFloatFormat.formatF(s)).append('s').toString();
        }
    }
}
