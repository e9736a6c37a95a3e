package dev.narthex.server.metrics;

import dev.narthex.server.api.PromNumbers;

/** Helpers for the Prometheus text exposition format (public for collectors outside this package). Stateless. */
public final class TextFormat {
    private TextFormat() {
    }

    /** Writes the {@code # HELP} and {@code # TYPE} lines of a family. */
    public static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Writes {@code name{l1="v1",...,extra="x"} value}; {@code extraName} may be null. */
    public static void sample(StringBuilder out, String name, String[] labelNames, String[] labelValues,
                       String extraName, String extraValue, double value) {
        out.append(name);
        boolean any = labelNames.length > 0 || extraName != null;
        if (any) {
            out.append('{');
            boolean first = true;
            for (int i = 0; i < labelNames.length; i++) {
                first = label(out, first, labelNames[i], labelValues[i]);
            }
            if (extraName != null) {
                label(out, first, extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ').append(PromNumbers.formatFloatG(value)).append('\n');
    }

    private static boolean label(StringBuilder out, boolean first, String name, String value) {
        if (!first) {
            out.append(',');
        }
        out.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
        return false;
    }
}
