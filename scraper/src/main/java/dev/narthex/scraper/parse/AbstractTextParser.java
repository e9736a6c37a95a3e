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
 *
 * <p>The two lexers (Prometheus's promlex.l and openmetricslex.l) share their states, the label-block
 * grammar and the scanning of names and quoted strings; where the formats differ (whitespace, the
 * characters a quoted string may hold, commas between labels) the subclass passes its rules.
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

    // Lexer states common to both formats, in Prometheus's order; OpenMetrics adds its exemplar states.
    static final int S_INIT = 0;
    static final int S_COMMENT = 1;
    static final int S_META1 = 2;
    static final int S_META2 = 3;
    static final int S_LABELS = 4;
    static final int S_LVALUE = 5;
    static final int S_VALUE = 6;
    static final int S_TIMESTAMP = 7;

    // Quoted-string rules (bit flags for scanQuoted): what may stand between the quotes besides
    // escapes, and where an unterminated string leaves the lexer.
    /** A newline may stand inside the quotes. */
    static final int Q_NEWLINES = 1;
    /** A NUL byte may stand inside the quotes. */
    static final int Q_NUL = 2;
    /** An unterminated string runs through the text format's appended newline to the end of input. */
    static final int Q_UNTERMINATED_TO_END = 4;

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

    /** This format's quoted-string rules ({@code Q_*}) for metric and label names. */
    private final int nameQuotes;
    /** This format's quoted-string rules for series label values. */
    private final int valueQuotes;

    AbstractTextParser(int nameQuotes, int valueQuotes) {
        this.nameQuotes = nameQuotes;
        this.valueQuotes = valueQuotes;
    }

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

    /** Whether a label must be followed by a comma or "}" (OpenMetrics) rather than optionally by a comma. */
    abstract boolean labelsNeedCommas();

    /** The next token the grammar sees (the text format skips whitespace tokens here). */
    abstract int nextToken();

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

    /**
     * After a HELP, TYPE or UNIT keyword token: the metric name, bare or quoted, recorded without its
     * quotes as {@code offsets[0..1]}.
     */
    void metadataName(int keyword) throws ParseException {
        int t = nextToken();
        if (t != T_MNAME) {
            throw parseError("expected metric name after " + tokenName(keyword), t);
        }
        int from = tokStart;
        int to = i;
        if (b[from] == '"' && b[to - 1] == '"') {
            from++;
            to--;
        }
        addOffsets(from, to);
    }

    /**
     * The series of a sample line from its first token (a metric name or "{"): records the name and label
     * offsets and the raw series bytes, and returns the token after them, which should be the value.
     */
    int parseSeries(int first) throws ParseException {
        seriesStart = start;
        int t = first;
        if (t == T_MNAME) {
            addOffsets(start, i);
            seriesEnd = i;
            t = nextToken();
        } else {
            // The name may still come, quoted, inside the braces.
            addOffsets(-1, -1);
        }
        if (t == T_BRACE_OPEN) {
            parseLabels(true);
            seriesEnd = i;
            t = nextToken();
        }
        if (offsets[0] == -1) {
            throw error("metric name not set while parsing: " + GoText.quote(b, start, i, limit));
        }
        return t;
    }

    /**
     * A label block after its "{" through the "}", appending to {@link #offsets}. A quoted string
     * standing alone ({@code {"my.metric", a="b"}}) is the metric name where {@code nameAllowed}
     * (series, not exemplars).
     */
    void parseLabels(boolean nameAllowed) throws ParseException {
        int t = nextToken();
        while (true) {
            int nameStart = tokStart;
            int nameEnd = i;
            boolean quoted;
            switch (t) {
                case T_BRACE_CLOSE -> {
                    return;
                }
                case T_LNAME -> quoted = false;
                case T_QSTRING -> quoted = true;
                default -> throw parseError("expected label name", t);
            }
            t = nextToken();
            if (quoted && (t == T_COMMA || t == T_BRACE_CLOSE)) {
                if (!nameAllowed) {
                    throw parseError("expected label name", t);
                }
                if (offsets[0] != -1 || offsets[1] != -1) {
                    throw error("metric name already set while parsing: " + GoText.quote(b, start, i, limit));
                }
                offsets[0] = nameStart + 1;
                offsets[1] = nameEnd - 1;
                if (t == T_BRACE_CLOSE) {
                    return;
                }
                t = nextToken();
                continue;
            }
            if (quoted) {
                nameStart++;
                nameEnd--;
            }
            addOffsets(nameStart, nameEnd);
            if (t != T_EQUAL) {
                throw parseError("expected equal", t);
            }
            t = nextToken();
            if (t != T_LVALUE) {
                throw parseError("expected label value", t);
            }
            addLabelValue();
            t = nextToken();
            if (t == T_COMMA) {
                t = nextToken();
            } else if (labelsNeedCommas() && t != T_BRACE_CLOSE) {
                throw parseError("expected comma or brace close", t);
            }
            // Without required commas, the text format also takes labels separated by spaces only.
        }
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

    /** The label set at {@code offsets[from, to)} (name start and end, value start and end, per label), unescaped. */
    Labels labelsAt(int from, int to) {
        Labels.Builder lb = Labels.builder();
        for (int k = from; k < to; k += 4) {
            lb.set(unescape(b, offsets[k], offsets[k + 1], true), unescape(b, offsets[k + 2], offsets[k + 3], true));
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

    // ---- lexing shared by the token rules of promlex.l and openmetricslex.l ----

    /**
     * The states both formats lex alike but for their quoted-string rules: sMeta1 (the metric name after
     * HELP, TYPE or UNIT), sLabels and sLValue; {@code c} is the byte at {@code i}.
     */
    int lexNameOrLabel(int c) {
        switch (state) {
            case S_META1 -> {
                return lexMetaName(c);
            }
            case S_LABELS -> {
                return lexLabels(c, nameQuotes, S_VALUE, S_LVALUE);
            }
            default -> {
                return c == '"' ? lexLabelValue(valueQuotes, S_LABELS) : T_INVALID;
            }
        }
    }

    private int lexMetaName(int c) {
        if (c == '"') {
            if (!scanQuoted(nameQuotes)) {
                return T_INVALID;
            }
        } else if (isNameStart(c)) {
            scanName();
        } else {
            return T_INVALID;
        }
        state = S_META2;
        return T_MNAME;
    }

    /**
     * sLabels (and OpenMetrics' sExemplar): a label name, a quoted name under {@code quoteRules}, "}",
     * "=" or ","; after "}" and "=" the lexer goes to the given states.
     */
    int lexLabels(int c, int quoteRules, int afterClose, int afterEqual) {
        if (isLabelStart(c)) {
            i++;
            while (i < limit && isLabelChar(b[i])) {
                i++;
            }
            return T_LNAME;
        }
        switch (c) {
            case '"' -> {
                return scanQuoted(quoteRules) ? T_QSTRING : T_INVALID;
            }
            case '}' -> {
                i++;
                state = afterClose;
                return T_BRACE_CLOSE;
            }
            case '=' -> {
                i++;
                state = afterEqual;
                return T_EQUAL;
            }
            case ',' -> {
                i++;
                return T_COMMA;
            }
            default -> {
                return T_INVALID;
            }
        }
    }

    /** A label value at {@code b[i] == '"'}, quoted under {@code quoteRules}; then the lexer goes to {@code after}. */
    int lexLabelValue(int quoteRules, int after) {
        if (!scanQuoted(quoteRules)) {
            return T_INVALID;
        }
        state = after;
        return T_LVALUE;
    }

    /** sInit: a sample line starts with a metric name or a "{"; anything else is invalid. */
    int lexSeriesStart(int c) {
        if (isNameStart(c)) {
            scanName();
            state = S_VALUE;
            return T_MNAME;
        }
        return c == '{' ? lexBraceOpen() : T_INVALID;
    }

    /** "{" at {@code b[i]}: the start of a label block. */
    int lexBraceOpen() {
        i++;
        state = S_LABELS;
        return T_BRACE_OPEN;
    }

    /** A metric name at {@code b[i]}, whose first byte is known to be a name start. */
    private void scanName() {
        i++;
        while (i < limit && isNameChar(b[i])) {
            i++;
        }
    }

    /**
     * A double-quoted string with backslash escapes at {@code b[i] == '"'}, under the {@code Q_*}
     * {@code rules}. On success {@code i} is past the closing quote and {@link #quotedHighBytes} is set.
     * Otherwise it stops at the end of input, at a newline without {@link #Q_NEWLINES}, at a NUL without
     * {@link #Q_NUL}, leaving {@code i} at the offending byte (or past the end, with
     * {@link #Q_UNTERMINATED_TO_END}).
     */
    boolean scanQuoted(int rules) {
        boolean high = false;
        int k = i + 1;
        while (k < limit) {
            byte c = b[k];
            if (c == '"') {
                i = k + 1;
                quotedHighBytes = high;
                return true;
            }
            if (c == '\\') {
                k++;
                if (k >= limit) {
                    break;
                }
                c = b[k];
                if (c == '\n') {
                    if ((rules & Q_NEWLINES) == 0) {
                        break;
                    }
                    line++;
                }
            } else if (c == '\n') {
                if ((rules & Q_NEWLINES) == 0) {
                    break;
                }
                line++;
            } else if (c == 0 && (rules & Q_NUL) == 0) {
                break;
            }
            high |= c < 0;
            k++;
        }
        i = (rules & Q_UNTERMINATED_TO_END) != 0 ? limit + 1 : Math.min(k, limit);
        return false;
    }
}
