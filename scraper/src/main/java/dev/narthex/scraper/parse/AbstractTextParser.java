package dev.narthex.scraper.parse;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.storage.Labels;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * State and helpers shared by the two text parsers: the lexer position, the offsets of the current
 * series' name and labels into the caller's array, value and timestamp, metadata, and error texts.
 *
 * <p>Offsets are absolute indices into {@link #b}: {@code offsets[0..1]} is the metric name, then four
 * per label (name start, name end, value start, value end), quotes already stripped, escapes not resolved.
 */
abstract class AbstractTextParser implements ExpositionParser {
    static final int T_INVALID = -1;
    static final int T_EOF = 0;
    static final int T_LINEBREAK = 1;
    static final int T_WHITESPACE = 2;
    static final int T_HELP = 3;
    static final int T_TYPE = 4;
    static final int T_UNIT = 5;
    static final int T_EOF_WORD = 6;
    static final int T_TEXT = 7;
    static final int T_COMMENT = 8;
    static final int T_MNAME = 9;
    static final int T_QSTRING = 10;
    static final int T_BRACE_OPEN = 11;
    static final int T_BRACE_CLOSE = 12;
    static final int T_LNAME = 13;
    static final int T_LVALUE = 14;
    static final int T_COMMA = 15;
    static final int T_EQUAL = 16;
    static final int T_TIMESTAMP = 17;
    static final int T_VALUE = 18;

    private static final String[] TOKEN_NAMES = {
        "EOF", "LINEBREAK", "WHITESPACE", "HELP", "TYPE", "UNIT", "EOFWORD", "TEXT", "COMMENT", "MNAME",
        "QSTRING", "BOPEN", "BCLOSE", "LNAME", "LVALUE", "COMMA", "EQUAL", "TIMESTAMP", "VALUE",
    };

    /** Prometheus's canonical NaN (value.NormalNaN), distinct from the stale marker. */
    static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    byte[] b = new byte[0];
    /** End of the input; the text format reads index {@code limit} as an appended newline. */
    int limit;
    /** Lexer position: the first byte not yet part of a token. */
    int i;
    /** Start of the current token. */
    int tokStart;
    /** Start of the current entry (line). */
    int start;
    int state;
    /** Line number of the lexer position, 1-based. */
    int line = 1;
    int entryLine = 1;
    /** Whether the last quoted token held a byte >= 0x80 (UTF-8 must then be validated). */
    boolean quotedHighBytes;

    int[] offsets = new int[34];
    int nOffsets;
    int seriesStart;
    int seriesEnd;
    double value;
    long timestamp;
    boolean hasTimestamp;
    MetricType type = MetricType.UNKNOWN;
    String unit = "";
    int textStart;
    int textEnd;

    final GoFloat floats = new GoFloat();

    @Override
    public void reset(byte[] buf, int off, int len) {
        b = buf;
        i = off;
        limit = off + len;
        start = off;
        tokStart = off;
        state = 0;
        line = 1;
        entryLine = 1;
        nOffsets = 0;
        type = MetricType.UNKNOWN;
        unit = "";
        hasTimestamp = false;
    }

    /** Index up to which error snippets may reach: the text format has its virtual trailing newline. */
    abstract int snippetLimit();

    /** Whether label values of this format resolve {@code \"} in HELP text too (OpenMetrics does). */
    abstract boolean helpUnescapesQuotes();

    static String tokenName(int t) {
        return t == T_INVALID ? "INVALID" : TOKEN_NAMES[t];
    }

    static boolean isNameStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    static boolean isNameChar(int c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isLabelStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isLabelChar(int c) {
        return isLabelStart(c) || (c >= '0' && c <= '9');
    }

    void addOffsets(int a, int z) {
        if (nOffsets + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[nOffsets++] = a;
        offsets[nOffsets++] = z;
    }

    ParseException error(String reason) {
        return new ParseException(entryLine, reason);
    }

    /** Prometheus's "{expected}, got {token text} ({token}) while parsing: {line so far}". */
    ParseException parseError(String expected, int token) {
        int e = Math.min(snippetLimit(), i + 1);
        return error(expected + ", got " + GoText.quote(b, tokStart, e, limit) + " (\"" + tokenName(token)
                + "\") while parsing: " + GoText.quote(b, start, e, limit));
    }

    /** "{cause} while parsing: {line so far}", Prometheus's wrapping of conversion errors. */
    ParseException whileParsing(String cause) {
        return error(cause + " while parsing: " + GoText.quote(b, start, i, limit));
    }

    double parseValue(int from, int to) throws ParseException {
        double v = floats.parse(b, from, to);
        if (floats.status != GoFloat.OK) {
            throw whileParsing(floats.error(b, from, to));
        }
        return Double.isNaN(v) ? NORMAL_NAN : v;
    }

    /** Checks the last label value token and records its offsets without the quotes. */
    void addLabelValue() throws ParseException {
        if (quotedHighBytes && !GoText.validUtf8(b, tokStart, i)) {
            throw error("invalid UTF-8 label value: " + GoText.quote(b, tokStart, i, limit));
        }
        addOffsets(tokStart + 1, i - 1);
    }

    /** Sets the type from a TYPE line's text; "untyped" is text-format only, the OpenMetrics types OpenMetrics only. */
    void setType(int from, int to, boolean openMetrics) throws ParseException {
        String s = new String(b, from, to - from, StandardCharsets.UTF_8);
        MetricType t = switch (s) {
            case "counter" -> MetricType.COUNTER;
            case "gauge" -> MetricType.GAUGE;
            case "histogram" -> MetricType.HISTOGRAM;
            case "summary" -> MetricType.SUMMARY;
            case "untyped" -> openMetrics ? null : MetricType.UNKNOWN;
            case "unknown" -> openMetrics ? MetricType.UNKNOWN : null;
            case "gaugehistogram" -> openMetrics ? MetricType.GAUGE_HISTOGRAM : null;
            case "info" -> openMetrics ? MetricType.INFO : null;
            case "stateset" -> openMetrics ? MetricType.STATESET : null;
            default -> null;
        };
        if (t == null) {
            throw error("invalid metric type " + GoQuote.quote(s));
        }
        type = t;
    }

    void checkHelpUtf8() throws ParseException {
        if (!GoText.validUtf8(b, textStart, textEnd)) {
            throw error("help text " + GoText.quote(b, textStart, textEnd, limit) + " is not a valid utf8 string");
        }
    }

    @Override
    public byte[] buffer() {
        return b;
    }

    @Override
    public int seriesStart() {
        return seriesStart;
    }

    @Override
    public int seriesEnd() {
        return seriesEnd;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public MetricType type() {
        return type;
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public int line() {
        return entryLine;
    }

    @Override
    public String metricName() {
        return unescape(b, offsets[0], offsets[1], true);
    }

    @Override
    public String help() {
        return unescape(b, textStart, textEnd, helpUnescapesQuotes());
    }

    @Override
    public String comment() {
        return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    @Override
    public Labels labels() {
        Labels.Builder lb = Labels.builder();
        lb.set(Labels.METRIC_NAME, metricName());
        for (int k = 2; k < nOffsets; k += 4) {
            String name = unescape(b, offsets[k], offsets[k + 1], true);
            String v = unescape(b, offsets[k + 2], offsets[k + 3], true);
            lb.set(name, normalizeFloatLabel(name, v));
        }
        return lb.build();
    }

    /** The label set at {@code offs[0, n)} (start/end offsets of name, then of value, per label), unescaped. */
    static Labels exemplarLabels(byte[] b, int[] offs, int n) {
        Labels.Builder lb = Labels.builder();
        for (int k = 0; k < n; k += 4) {
            lb.set(unescape(b, offs[k], offs[k + 1], true), unescape(b, offs[k + 2], offs[k + 3], true));
        }
        return lb.build();
    }

    /**
     * Prometheus 3 rewrites {@code le} of classic histograms and {@code quantile} of summaries into the
     * OpenMetrics float spelling ("1" becomes "1.0"), so both exposition formats yield the same series.
     */
    private String normalizeFloatLabel(String name, String v) {
        if ((type == MetricType.SUMMARY && name.equals("quantile"))
                || (type == MetricType.HISTOGRAM && name.equals("le"))) {
            byte[] vb = v.getBytes(StandardCharsets.UTF_8);
            GoFloat f = new GoFloat();
            double d = f.parse(vb, 0, vb.length);
            if (f.status == GoFloat.OK) {
                return formatOpenMetricsFloat(d);
            }
        }
        return v;
    }

    /** Prometheus's labels.FormatOpenMetricsFloat: Go's shortest %g, with ".0" added to integers. */
    static String formatOpenMetricsFloat(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - d.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (f < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        String plain = d.toPlainString();
        sb.append(plain);
        if (plain.indexOf('.') < 0) {
            sb.append(".0");
        }
        return sb.toString();
    }

    /** Resolves {@code \\}, {@code \n} and (when asked) {@code \"} as Prometheus's replacers do. */
    static String unescape(byte[] b, int from, int to, boolean quotes) {
        int k = from;
        while (k < to && b[k] != '\\') {
            k++;
        }
        if (k == to) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (k = from; k < to; k++) {
            byte c = b[k];
            if (c == '\\' && k + 1 < to) {
                byte d = b[k + 1];
                if (d == '\\' || d == 'n' || (quotes && d == '"')) {
                    out[n++] = d == 'n' ? (byte) '\n' : d;
                    k++;
                    continue;
                }
            }
            out[n++] = c;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
