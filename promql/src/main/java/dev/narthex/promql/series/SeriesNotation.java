package dev.narthex.promql.series;

import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.StaleNaN;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prometheus's test series notation, as promtool's {@code input_series} and the PromQL test scripts
 * write it: a series selector with equality matchers only, then values such as {@code 1 2 3},
 * {@code 0+10x5} (six values 0, 10, ..., 50), {@code 1-1x3}, {@code _} (no sample), {@code _x4},
 * {@code 5x3} (repeated) and {@code stale}. Float samples only. Stateless and thread-safe.
 */
public final class SeriesNotation {
    private static final String NUM = "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF]|[nN][aA][nN])";
    private static final String UNSIGNED = "(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF]|[nN][aA][nN]";
    private static final Pattern SINGLE = Pattern.compile(NUM);
    private static final Pattern SEQUENCE = Pattern.compile("(" + NUM + ")(?:([+-])(" + UNSIGNED + "))?x([0-9]+)");
    private static final Pattern OMITTED_RUN = Pattern.compile("_x([0-9]+)");

    /**
     * One parsed series: its labels and one slot per step; {@code present[i]} is false for {@code _}.
     * A stale slot holds {@link StaleNaN#VALUE}.
     */
    public record Series(Labels labels, boolean[] present, double[] values) {
        public int size() {
            return values.length;
        }
    }

    private SeriesNotation() {
    }

    /** Parses the series selector (labels) part, e.g. {@code up{job="a"}}. */
    public static Labels parseLabels(String selector) {
        List<Matcher> matchers = PromqlParser.parseMetricSelector(selector);
        Labels.Builder b = Labels.builder();
        for (Matcher m : matchers) {
            if (m.type() != Matcher.Type.EQUAL) {
                throw new IllegalArgumentException("only equality matchers are allowed in a series description: " + selector);
            }
            b.set(m.name(), m.value());
        }
        return b.build();
    }

    /** Parses a whole line: selector followed by values. */
    public static Series parse(String line) {
        String s = line.trim();
        int end = selectorEnd(s);
        Series values = parseValues(s.substring(end));
        return new Series(parseLabels(s.substring(0, end)), values.present(), values.values());
    }

    /** Parses the values part alone into a {@link Series} with empty labels. */
    public static Series parseValues(String values) {
        BoolList present = new BoolList();
        String trimmed = values.trim();
        if (!trimmed.isEmpty()) {
            for (String item : trimmed.split("\\s+")) {
                expand(item, present);
            }
        }
        return new Series(Labels.EMPTY, present.presentArray(), present.valueArray());
    }

    private static int selectorEnd(String s) {
        int brace = -1;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '{') {
                brace = i;
            } else if (c == '}') {
                return i + 1;
            } else if (Character.isWhitespace(c) && brace < 0) {
                return i;
            }
        }
        if (brace >= 0) {
            throw new IllegalArgumentException("unterminated label set in series: " + s);
        }
        return s.length();
    }

    private static void expand(String item, BoolList out) {
        if (item.equals("_")) {
            out.add(false, 0);
            return;
        }
        if (item.equals("stale")) {
            out.add(true, StaleNaN.VALUE);
            return;
        }
        java.util.regex.Matcher m = OMITTED_RUN.matcher(item);
        if (m.matches()) {
            for (int i = Integer.parseInt(m.group(1)); i > 0; i--) {
                out.add(false, 0);
            }
            return;
        }
        if (SINGLE.matcher(item).matches()) {
            out.add(true, number(item));
            return;
        }
        m = SEQUENCE.matcher(item);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad value in series notation: \"" + item + "\"");
        }
        double v = number(m.group(1));
        double d = m.group(2) == null ? 0 : number(m.group(3));
        if ("-".equals(m.group(2))) {
            d = -d;
        }
        for (int i = Integer.parseInt(m.group(4)); i >= 0; i--) {
            out.add(true, v);
            v += d; // repeated addition, as Prometheus does, so rounding accumulates identically
        }
    }

    /** A number as PromQL writes it (decimal, hex, Inf, NaN). */
    public static double number(String s) {
        String lower = s.toLowerCase();
        boolean negative = lower.startsWith("-");
        String body = negative || lower.startsWith("+") ? lower.substring(1) : lower;
        double v;
        if (body.equals("inf")) {
            v = Double.POSITIVE_INFINITY;
        } else if (body.equals("nan")) {
            v = Double.NaN;
        } else if (body.startsWith("0x")) {
            v = Long.parseLong(body.substring(2), 16);
        } else {
            v = Double.parseDouble(body);
        }
        return negative ? -v : v;
    }

    /** Growable parallel primitive columns. */
    private static final class BoolList {
        private boolean[] present = new boolean[16];
        private double[] values = new double[16];
        private int size;

        void add(boolean p, double v) {
            if (size == values.length) {
                present = Arrays.copyOf(present, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            present[size] = p;
            values[size++] = v;
        }

        boolean[] presentArray() {
            return Arrays.copyOf(present, size);
        }

        double[] valueArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
