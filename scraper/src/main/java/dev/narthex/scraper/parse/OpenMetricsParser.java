package dev.narthex.scraper.parse;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * OpenMetrics 1.0 text parser with the semantics of Prometheus's {@code OpenMetricsParser}: strict
 * single spaces, timestamps in seconds with fractions (converted as {@code int64(ts*1000)}), exemplars,
 * {@code # UNIT}, quoted UTF-8 names, the required {@code # EOF}. {@code _created} samples are returned
 * as ordinary series, as Prometheus does without its skip option.
 *
 * <p>Large inputs can be fed in chunks that each end after a newline ({@link #continueWith}); line
 * numbers and metadata carry over. Not thread-safe.
 */
public final class OpenMetricsParser extends AbstractTextParser {
    private static final int S_EXEMPLAR = 8;
    private static final int S_EVALUE = 9;
    private static final int S_ETIMESTAMP = 10;

    // openmetricslex.l's quoted strings: metric and label names may span lines, label values and
    // everything in an exemplar may not; Prometheus's lexer lets a NUL byte through in series label
    // values only.
    private static final int NAME_QUOTES = Q_NEWLINES;
    private static final int VALUE_QUOTES = Q_NUL;
    private static final int EXEMPLAR_QUOTES = 0;

    private boolean lastChunk = true;
    /** End of the previous entry's series bytes when it was a sample in the current buffer, else -1. */
    private int lastSeriesEnd = -1;
    private boolean repeated;
    private boolean sawEof;

    /** The exemplar's labels at {@code offsets[exemplarFrom, exemplarTo)}, after the series' own. */
    private int exemplarFrom;
    private int exemplarTo;
    private boolean hasExemplar;
    private double exValue;
    private boolean exHasTimestamp;
    private long exTimestamp;

    public OpenMetricsParser() {
        super(NAME_QUOTES, VALUE_QUOTES);
    }

    @Override
    public void reset(byte[] buf, int off, int len) {
        super.reset(buf, off, len);
        lastChunk = true;
        sawEof = false;
        hasExemplar = false;
        lastSeriesEnd = -1;
    }

    /**
     * Continues with the next chunk of the same exposition. Each chunk except the last must end just
     * after a newline; {@link #next()} returns {@link Entry#END_OF_CHUNK} at the end of a chunk that is
     * not the last. Line numbers and metadata state carry over.
     */
    public void continueWith(byte[] buf, int off, int len, boolean last) throws ParseException {
        if (sawEof && len > 0) {
            throw error("unexpected data after # EOF");
        }
        b = buf;
        i = off;
        limit = off + len;
        start = off;
        tokStart = off;
        state = S_INIT;
        lastChunk = last;
        lastSeriesEnd = -1;
    }

    /** Starts a chunked parse: like {@link #reset} but for a first chunk after which more follow. */
    public void startChunked(byte[] buf, int off, int len, boolean last) {
        reset(buf, off, len);
        lastChunk = last;
    }

    @Override
    int snippetLimit() {
        return limit;
    }

    @Override
    boolean helpUnescapesQuotes() {
        return true;
    }

    @Override
    boolean labelsNeedCommas() {
        return true;
    }

    @Override
    public Entry next() throws ParseException {
        start = i;
        entryLine = line;
        hasExemplar = false;
        repeated = repeatsLastSeries();
        if (repeated) {
            seriesEndOfLine(nextToken());
            return Entry.SERIES;
        }
        nOffsets = 0;
        lastSeriesEnd = -1;
        if (sawEof) {
            if (i < limit) {
                throw error("unexpected data after # EOF");
            }
            return Entry.EOF;
        }
        if (!lastChunk && i >= limit && state == S_INIT) {
            return Entry.END_OF_CHUNK;
        }
        int t = nextToken();
        switch (t) {
            case T_EOF_WORD -> {
                if (nextToken() != T_EOF) {
                    throw error("unexpected data after # EOF");
                }
                sawEof = true;
                return Entry.EOF;
            }
            case T_EOF -> throw error("data does not end with # EOF");
            case T_HELP, T_TYPE, T_UNIT -> {
                return metadata(t);
            }
            case T_MNAME, T_BRACE_OPEN -> {
                seriesEndOfLine(parseSeries(t));
                lastSeriesEnd = seriesEnd;
                return Entry.SERIES;
            }
            default -> throw parseError("expected a valid start token", t);
        }
    }

    /**
     * Exports list many samples of one series in a row. When a line starts with exactly the series
     * bytes of the previous line followed by a space, the name and labels are known to be valid and their
     * offsets only shift, so lexing resumes at the value.
     */
    private boolean repeatsLastSeries() {
        if (lastSeriesEnd < 0 || state != S_INIT) {
            return false;
        }
        int len = lastSeriesEnd - seriesStart;
        int end = i + len;
        if (end >= limit || b[end] != ' ' || !Arrays.equals(b, i, end, b, seriesStart, lastSeriesEnd)) {
            return false;
        }
        int delta = i - seriesStart;
        for (int k = 0; k < nOffsets; k++) {
            offsets[k] += delta;
        }
        seriesStart = i;
        seriesEnd = end;
        lastSeriesEnd = end;
        i = end;
        state = S_VALUE;
        return true;
    }

    /**
     * The label set of raw series bytes that an earlier parse returned ({@link #seriesStart()} to
     * {@link #seriesEnd()}), as {@link #labels()} would have built it under the given metric type. Lets a
     * caller keep only raw bytes while parsing and build label sets later, once the type in effect is known.
     *
     * @throws IllegalArgumentException when the bytes are not the series part of a sample line
     */
    public static Labels labelsOf(byte[] raw, int from, int to, MetricType type) {
        byte[] line = Arrays.copyOf(Arrays.copyOfRange(raw, from, to), to - from + 3);
        line[to - from] = ' ';
        line[to - from + 1] = '0';
        line[to - from + 2] = '\n';
        OpenMetricsParser p = new OpenMetricsParser();
        p.startChunked(line, 0, line.length, false);
        try {
            if (p.next() == Entry.SERIES) {
                p.type = type;
                return p.labels();
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("not the series of a sample: " + e.reason(), e);
        }
        throw new IllegalArgumentException("not the series of a sample");
    }

    /**
     * Whether the current SERIES entry has exactly the series bytes of the entry before it (in the same
     * chunk), so a caller that mapped those bytes to a series can reuse the mapping without comparing.
     */
    public boolean repeatsPreviousSeries() {
        return repeated;
    }

    private Entry metadata(int t) throws ParseException {
        metadataName(t);
        if (nextToken() != T_TEXT) {
            throw error("expected text in " + tokenName(t));
        }
        // The TEXT token is " text\n": drop the leading space and the newline.
        textStart = tokStart + 1;
        textEnd = Math.max(textStart, i - 1);
        switch (t) {
            case T_TYPE -> {
                setType(textStart, textEnd, true);
                return Entry.TYPE;
            }
            case T_HELP -> {
                checkHelpUtf8();
                return Entry.HELP;
            }
            default -> {
                int mStart = offsets[0];
                int mEnd = offsets[1];
                unit = new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
                int nameLen = mEnd - mStart;
                int unitLen = textEnd - textStart;
                if (unitLen > 0 && (nameLen < unitLen + 1 || b[mEnd - unitLen - 1] != '_'
                        || !Arrays.equals(b, mEnd - unitLen, mEnd, b, textStart, textEnd))) {
                    throw error("unit " + GoQuote.quote(unit) + " not a suffix of metric "
                            + GoText.quote(b, mStart, mEnd, limit));
                }
                return Entry.UNIT;
            }
        }
    }

    private void seriesEndOfLine(int t) throws ParseException {
        value = floatToken(t, "metric");
        hasTimestamp = false;
        int t2 = nextToken();
        switch (t2) {
            case T_EOF -> throw error("data does not end with # EOF");
            case T_COMMENT -> parseExemplar();
            case T_TIMESTAMP -> {
                hasTimestamp = true;
                timestamp = timestampToken("invalid timestamp ");
                int t3 = nextToken();
                if (t3 == T_COMMENT) {
                    parseExemplar();
                } else if (t3 != T_LINEBREAK) {
                    throw parseError("expected next entry after timestamp", t3);
                }
            }
            default -> {
                // LINEBREAK; any other token is left to the next call, as Prometheus does.
            }
        }
    }

    private void parseExemplar() throws ParseException {
        // The shared label parser appends to offsets: the exemplar's labels land after the series' own,
        // which end at nOffsets again afterwards, even when the exemplar is malformed.
        int seriesOffsets = nOffsets;
        exemplarFrom = seriesOffsets;
        try {
            parseLabels(false);
        } finally {
            exemplarTo = nOffsets;
            nOffsets = seriesOffsets;
        }
        exValue = floatToken(nextToken(), "exemplar labels");
        exHasTimestamp = false;
        int t = nextToken();
        switch (t) {
            case T_EOF -> throw error("data does not end with # EOF");
            case T_LINEBREAK -> {
            }
            case T_TIMESTAMP -> {
                exHasTimestamp = true;
                exTimestamp = timestampToken("invalid exemplar timestamp ");
                int t3 = nextToken();
                if (t3 != T_LINEBREAK) {
                    throw parseError("expected next entry after exemplar timestamp", t3);
                }
            }
            default -> throw parseError("expected timestamp or comment", t);
        }
        hasExemplar = true;
    }

    private double floatToken(int t, String after) throws ParseException {
        if (t != T_VALUE) {
            throw parseError("expected value after " + after, t);
        }
        return parseValue(tokStart + 1, i);
    }

    private long timestampToken(String invalid) throws ParseException {
        double ts = floats.parse(b, tokStart + 1, i);
        if (floats.status != GoFloat.OK) {
            throw whileParsing(floats.error(b, tokStart + 1, i));
        }
        if (Double.isNaN(ts) || Double.isInfinite(ts)) {
            throw error(invalid + GoText.formatF(ts));
        }
        // Prometheus converts with int64(ts*1000): truncation, not rounding.
        return (long) (ts * 1000);
    }

    @Override
    public boolean hasExemplar() {
        return hasExemplar;
    }

    @Override
    public Exemplar exemplar() {
        if (!hasExemplar) {
            return null;
        }
        return new Exemplar(labelsAt(exemplarFrom, exemplarTo), exValue, exHasTimestamp, exTimestamp);
    }

    // ---- lexer: the token rules of Prometheus's openmetricslex.l ----

    @Override
    int nextToken() {
        if (i >= limit) {
            // Like Prometheus's lexer, the end of input leaves the previous token's start in place.
            return T_EOF;
        }
        tokStart = i;
        int c = b[i];
        switch (state) {
            case S_INIT -> {
                if (c == '#') {
                    if (i + 1 < limit && b[i + 1] == ' ') {
                        state = S_COMMENT;
                        return lexComment();
                    }
                    i++;
                    return T_INVALID;
                }
                return lexSeriesStart(c);
            }
            case S_META1, S_LABELS, S_LVALUE -> {
                return lexNameOrLabel(c);
            }
            case S_META2 -> {
                if (c != ' ') {
                    return T_INVALID;
                }
                int nl = indexOfNewline(i + 1);
                if (nl < 0) {
                    i = limit;
                    return T_INVALID;
                }
                i = nl + 1;
                line++;
                state = S_INIT;
                return T_TEXT;
            }
            case S_EXEMPLAR -> {
                return lexLabels(c, EXEMPLAR_QUOTES, S_EVALUE, S_EVALUE);
            }
            case S_EVALUE -> {
                if (c == '"') {
                    return lexLabelValue(EXEMPLAR_QUOTES, S_EXEMPLAR);
                }
                if (c == ' ' && scanField()) {
                    state = S_ETIMESTAMP;
                    return T_VALUE;
                }
                return T_INVALID;
            }
            case S_VALUE -> {
                if (c == '{') {
                    return lexBraceOpen();
                }
                if (c == ' ' && scanField()) {
                    state = S_TIMESTAMP;
                    return T_VALUE;
                }
                return T_INVALID;
            }
            case S_TIMESTAMP, S_ETIMESTAMP -> {
                if (c == '\n') {
                    i++;
                    line++;
                    state = S_INIT;
                    return T_LINEBREAK;
                }
                if (c == ' ') {
                    if (state == S_TIMESTAMP && i + 3 < limit && b[i + 1] == '#' && b[i + 2] == ' '
                            && b[i + 3] == '{') {
                        i += 4;
                        state = S_EXEMPLAR;
                        return T_COMMENT;
                    }
                    if (scanField()) {
                        return T_TIMESTAMP;
                    }
                }
                return T_INVALID;
            }
            default -> {
                return T_INVALID;
            }
        }
    }

    /**
     * At "# ": HELP, TYPE, UNIT (each followed by one space) or EOF with an optional newline. On failure
     * the token spans from the "#" to the first byte that matches none of them, as in Prometheus.
     */
    private int lexComment() {
        int hash = i;
        i += 2;
        int t = T_INVALID;
        if (matches("HELP ")) {
            t = T_HELP;
        } else if (matches("TYPE ")) {
            t = T_TYPE;
        } else if (matches("UNIT ")) {
            t = T_UNIT;
        }
        if (t != T_INVALID) {
            i += 5;
            state = S_META1;
            return t;
        }
        if (matches("EOF")) {
            i += 3;
            if (i < limit && b[i] == '\n') {
                i++;
                line++;
            }
            state = S_INIT;
            return T_EOF_WORD;
        }
        i += Math.max(Math.max(prefixLength("HELP "), prefixLength("TYPE ")),
                Math.max(prefixLength("UNIT "), prefixLength("EOF")));
        tokStart = hash;
        return T_INVALID;
    }

    private int prefixLength(String word) {
        int k = 0;
        while (k < word.length() && i + k < limit && b[i + k] == word.charAt(k)) {
            k++;
        }
        return k;
    }

    private boolean matches(String word) {
        if (i + word.length() > limit) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A space then one or more bytes other than space, newline and NUL: a value or timestamp. */
    private boolean scanField() {
        int k = i + 1;
        while (k < limit) {
            byte c = b[k];
            if (c == ' ' || c == '\n' || c == 0) {
                break;
            }
            k++;
        }
        if (k == i + 1) {
            i = k;
            return false;
        }
        i = k;
        return true;
    }

    private int indexOfNewline(int from) {
        for (int k = from; k < limit; k++) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }
}
