package dev.narthex.promql.scripts;

import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses series descriptions ({@code name{a="x"} 1+2x3 _ stale {{...}}}) into a label set and expanded
 * value slots, following FORMAT.md section 3. Native histograms are recognised but not decoded: their
 * slots are marked {@link #HISTOGRAM}, since the storage under test keeps floats only.
 */
final class SeriesNotation {
    static final byte OMITTED = 0;
    static final byte FLOAT = 1;
    static final byte HISTOGRAM = 2;

    private static final String NUM = "(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF]|[nN][aA][nN]";
    private static final Pattern SINGLE = Pattern.compile("[+-]?(?:" + NUM + ")");
    private static final Pattern SEQUENCE = Pattern.compile("([+-]?(?:" + NUM + "))(?:([+-])(" + NUM + "))?x([0-9]+)");
    private static final Pattern OMITTED_RUN = Pattern.compile("_x([0-9]+)");
    private static final Pattern HISTOGRAM_RUN = Pattern.compile("(?:[+-]\\{\\{.*?}})?(?:x[0-9]+)?");

    /** One parsed line: labels, and per slot a kind and (for floats) a value. */
    record Series(Labels labels, byte[] kinds, double[] values, boolean startTimestamps) {
        int size() {
            return kinds.length;
        }

        boolean hasHistogram() {
            for (byte k : kinds) {
                if (k == HISTOGRAM) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String text;
    private int pos;

    private SeriesNotation(String text) {
        this.text = text;
    }

    static Series parse(String line) {
        return new SeriesNotation(line).series();
    }

    /** A scalar result line, or null when the line is not just a number. */
    static Double parseScalar(String line) {
        String s = line.trim();
        try {
            return (double) Long.decode(s.replace("_", ""));
        } catch (NumberFormatException e) {
            // not an integer literal; try a float below
        }
        String lower = s.toLowerCase();
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                if (!SINGLE.matcher(s).matches()) {
                    return null;
                }
                return Double.parseDouble(s);
            }
        }
    }

    static double parseNumber(String s) {
        String lower = s.toLowerCase();
        boolean negative = lower.startsWith("-");
        String body = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (body.equals("inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equals("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    private Series series() {
        Labels labels = labels();
        boolean st = false;
        if (text.startsWith("@st", pos)) {
            st = true;
            pos += 3;
        }
        List<String> items = items();
        ByteList kinds = new ByteList();
        List<Double> values = new ArrayList<>();
        for (String item : items) {
            if (st) {
                expandStartTimestamps(item, kinds, values);
            } else {
                expand(item, kinds, values);
            }
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new Series(labels, kinds.toArray(), v, st);
    }

    private Labels labels() {
        Labels.Builder b = Labels.builder();
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == start)) {
            pos++;
        }
        if (pos > start) {
            b.set(Labels.METRIC_NAME, text.substring(start, pos));
        }
        if (pos < text.length() && text.charAt(pos) == '{' && !text.startsWith("{{", pos)) {
            pos++;
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String name = peek() == '"' || peek() == '\'' || peek() == '`' ? stringLiteral() : identifier();
                skipSpaces();
                expect('=');
                skipSpaces();
                b.set(name, stringLiteral());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw new ScriptSyntaxException("unexpected character in label set at " + pos + ": " + text);
                }
            }
        }
        if (pos == start) {
            throw new ScriptSyntaxException("missing series identifier: " + text);
        }
        return b.build();
    }

    private List<String> items() {
        List<String> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (pos >= text.length()) {
                return items;
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                if (text.startsWith("{{", pos)) {
                    int end = text.indexOf("}}", pos);
                    if (end < 0) {
                        throw new ScriptSyntaxException("unterminated histogram: " + text);
                    }
                    pos = end + 2;
                } else {
                    pos++;
                }
            }
            items.add(text.substring(start, pos));
        }
    }

    private static void expand(String item, ByteList kinds, List<Double> values) {
        if (item.equals("_")) {
            kinds.add(OMITTED);
            values.add(0.0);
            return;
        }
        if (item.equals("stale")) {
            kinds.add(FLOAT);
            values.add(dev.narthex.storage.StaleNaN.VALUE);
            return;
        }
        Matcher m = OMITTED_RUN.matcher(item);
        if (m.matches()) {
            for (int i = Integer.parseInt(m.group(1)); i > 0; i--) {
                kinds.add(OMITTED);
                values.add(0.0);
            }
            return;
        }
        if (item.startsWith("{{")) {
            int end = item.indexOf("}}");
            Matcher h = HISTOGRAM_RUN.matcher(item.substring(end + 2));
            if (!h.matches()) {
                throw new ScriptSyntaxException("bad histogram item: " + item);
            }
            int x = item.lastIndexOf("}}x");
            int n = x < 0 ? 0 : Integer.parseInt(item.substring(x + 3));
            for (int i = 0; i <= n; i++) {
                kinds.add(HISTOGRAM);
                values.add(Double.NaN);
            }
            return;
        }
        if (SINGLE.matcher(item).matches()) {
            kinds.add(FLOAT);
            values.add(parseNumber(item));
            return;
        }
        m = SEQUENCE.matcher(item);
        if (!m.matches()) {
            throw new ScriptSyntaxException("bad value item: " + item);
        }
        double v = parseNumber(m.group(1));
        double d = m.group(2) == null ? 0 : parseNumber(m.group(3));
        if ("-".equals(m.group(2))) {
            d = -d;
        }
        int n = Integer.parseInt(m.group(4));
        for (int i = 0; i <= n; i++) {
            kinds.add(FLOAT);
            values.add(v);
            v += d; // repeated addition, as upstream, so rounding builds up identically
        }
    }

    private static final Pattern ST_SINGLE = Pattern.compile("[+-]?[0-9]+(?:ms|s|m|h|d|w|y)?");
    private static final Pattern ST_SEQUENCE = Pattern.compile("([+-]?[0-9]+(?:ms|s|m|h|d|w|y)?)(?:([+-])([0-9]+(?:ms|s|m|h|d|w|y)?))?x([0-9]+)");

    /** Start-timestamp offsets of an {@code @st} line; kept so positions line up, values are ms offsets. */
    private static void expandStartTimestamps(String item, ByteList kinds, List<Double> values) {
        if (item.equals("_") || OMITTED_RUN.matcher(item).matches()) {
            expand(item, kinds, values);
            return;
        }
        if (ST_SINGLE.matcher(item).matches()) {
            kinds.add(FLOAT);
            values.add((double) signedDuration(item));
            return;
        }
        Matcher m = ST_SEQUENCE.matcher(item);
        if (!m.matches()) {
            throw new ScriptSyntaxException("bad start timestamp item: " + item);
        }
        long v = signedDuration(m.group(1));
        long d = m.group(2) == null ? 0 : signedDuration(m.group(3)) * ("-".equals(m.group(2)) ? -1 : 1);
        for (int i = Integer.parseInt(m.group(4)); i >= 0; i--) {
            kinds.add(FLOAT);
            values.add((double) v);
            v += d;
        }
    }

    private static long signedDuration(String s) {
        boolean negative = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        long ms = body.chars().allMatch(Character::isDigit) ? Long.parseLong(body) : Durations.parse(body);
        return negative ? -ms : ms;
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == start) && text.charAt(pos) != ':') {
            pos++;
        }
        if (pos == start) {
            throw new ScriptSyntaxException("expected label name at " + pos + ": " + text);
        }
        return text.substring(start, pos);
    }

    private String stringLiteral() {
        char q = peek();
        if (q != '"' && q != '\'' && q != '`') {
            throw new ScriptSyntaxException("expected string at " + pos + ": " + text);
        }
        int end = StringLiterals.endOf(text, pos);
        String lit = text.substring(pos, end);
        pos = end;
        return StringLiterals.unquote(lit);
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new ScriptSyntaxException("expected '" + c + "' at " + pos + ": " + text);
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** A growable byte array, to keep slot kinds primitive. */
    private static final class ByteList {
        private byte[] data = new byte[16];
        private int size;

        void add(byte b) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = b;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
