package dev.narthex.scraper.parse;

/**
 * Prometheus text format 0.0.4 parser with the semantics of Prometheus's {@code PromParser}: spaces and
 * tabs between tokens, blank lines, free comments, timestamps as integer milliseconds, no exemplars.
 * The input is read as if a newline were appended, as Prometheus does. Not thread-safe.
 */
public final class PromTextParser extends AbstractTextParser {
    /** promlex.l's quoted strings, {@code \"(\\.|[^\\"])*\"}: anything but an unescaped quote. */
    private static final int QUOTES = Q_NEWLINES | Q_NUL | Q_UNTERMINATED_TO_END;

    /** Whether {@link #plainSeries} may take common series lines; only tests turn it off, to compare. */
    private final boolean plainPath;

    public PromTextParser() {
        this(true);
    }

    PromTextParser(boolean plainPath) {
        super(QUOTES, QUOTES);
        this.plainPath = plainPath;
    }

    @Override
    int snippetLimit() {
        return limit + 1;
    }

    @Override
    boolean helpUnescapesQuotes() {
        return false;
    }

    @Override
    boolean labelsNeedCommas() {
        return false;
    }

    @Override
    public Entry next() throws ParseException {
        while (true) {
            start = i;
            entryLine = line;
            nOffsets = 0;
            if (plainPath && i < limit && isNameStart(b[i]) && plainSeries()) {
                return Entry.SERIES;
            }
            int t = nextToken();
            switch (t) {
                case T_EOF -> {
                    return Entry.EOF;
                }
                case T_LINEBREAK -> {
                    // Blank lines are allowed.
                }
                case T_HELP, T_TYPE -> {
                    return metadata(t);
                }
                case T_COMMENT -> {
                    textStart = tokStart;
                    textEnd = i;
                    int t2 = nextToken();
                    if (t2 != T_LINEBREAK) {
                        throw parseError("linebreak expected after comment", t2);
                    }
                    return Entry.COMMENT;
                }
                case T_MNAME, T_BRACE_OPEN -> {
                    metricSuffix(parseSeries(t));
                    return Entry.SERIES;
                }
                default -> throw parseError("expected a valid start token", t);
            }
        }
    }

    /**
     * The common series line in one pass, without the token machinery: a metric name, optionally
     * {@code {name="value",...}} with no whitespace, escapes, newlines or non-ASCII bytes inside, a
     * value, an optional timestamp, the end of line. Yields exactly what the general path would; returns
     * false, having changed nothing the general path reads, on anything else (including every error).
     */
    private boolean plainSeries() {
        int k = i + 1;
        while (k < limit && isNameChar(b[k])) {
            k++;
        }
        addOffsets(i, k);
        int end = k;
        if (k < limit && b[k] == '{') {
            k = plainLabels(k + 1);
            if (k < 0) {
                nOffsets = 0;
                return false;
            }
            end = k;
            k = skipBlanks(k);
        } else {
            int blanks = skipBlanks(k);
            if (blanks == k || (blanks < limit && b[blanks] == '{')) {
                nOffsets = 0;
                return false;
            }
            k = blanks;
        }
        int v = k;
        while (k < limit && b[k] != ' ' && b[k] != '\t' && b[k] != '\n' && b[k] != '{' && b[k] != 0) {
            k++;
        }
        double val = k > v ? floats.parse(b, v, k) : 0;
        if (k == v || floats.status != GoFloat.OK || (k < limit && (b[k] == '{' || b[k] == 0))) {
            nOffsets = 0;
            return false;
        }
        k = skipBlanks(k);
        long ts = 0;
        boolean withTs = false;
        if (k < limit && b[k] >= '0' && b[k] <= '9') {
            int d = k;
            while (k < limit && b[k] >= '0' && b[k] <= '9') {
                ts = ts * 10 + (b[k] - '0');
                k++;
            }
            withTs = true;
            if (k - d > 18) {
                nOffsets = 0;
                return false;
            }
            k = skipBlanks(k);
        }
        if (k < limit && b[k] != '\n') {
            nOffsets = 0;
            return false;
        }
        seriesStart = i;
        seriesEnd = end;
        value = Double.isNaN(val) ? NORMAL_NAN : val;
        hasTimestamp = withTs;
        timestamp = ts;
        tokStart = k;
        i = k + 1;
        line++;
        return true;
    }

    /** Labels after "{" at {@code k} up to and including "}": the index after it, or -1 when not plain. */
    private int plainLabels(int k) {
        while (true) {
            if (k >= limit) {
                return -1;
            }
            if (b[k] == '}') {
                return k + 1;
            }
            if (!isLabelStart(b[k])) {
                return -1;
            }
            int ns = k++;
            while (k < limit && isLabelChar(b[k])) {
                k++;
            }
            int ne = k;
            if (k + 1 >= limit || b[k] != '=' || b[k + 1] != '"') {
                return -1;
            }
            k += 2;
            int vs = k;
            while (k < limit && b[k] != '"') {
                byte c = b[k];
                if (c == '\\' || c == '\n' || c < 0) {
                    return -1;
                }
                k++;
            }
            if (k >= limit) {
                return -1;
            }
            addOffsets(ns, ne);
            addOffsets(vs, k);
            k++;
            if (k < limit && b[k] == ',') {
                k++;
            } else if (k >= limit || b[k] != '}') {
                return -1;
            }
        }
    }

    private int skipBlanks(int k) {
        while (k < limit && (b[k] == ' ' || b[k] == '\t')) {
            k++;
        }
        return k;
    }

    private Entry metadata(int t) throws ParseException {
        metadataName(t);
        int t2 = nextToken();
        if (t2 != T_TEXT) {
            throw error("expected text in " + tokenName(t) + ", got " + tokenName(t2));
        }
        // The TEXT token holds the separator before the text.
        textStart = Math.min(tokStart + 1, i);
        textEnd = i;
        if (t == T_TYPE) {
            setType(textStart, textEnd, false);
        } else {
            checkHelpUtf8();
        }
        int t3 = nextToken();
        if (t3 != T_LINEBREAK) {
            throw parseError("linebreak expected after metadata", t3);
        }
        return t == T_HELP ? Entry.HELP : Entry.TYPE;
    }

    private void metricSuffix(int t) throws ParseException {
        if (t != T_VALUE) {
            throw parseError("expected value after metric", t);
        }
        value = parseValue(tokStart, i);
        hasTimestamp = false;
        int t2 = nextToken();
        if (t2 == T_TIMESTAMP) {
            hasTimestamp = true;
            timestamp = parseMillis(tokStart, i);
            int t3 = nextToken();
            if (t3 != T_LINEBREAK) {
                throw parseError("expected next entry after timestamp", t3);
            }
        } else if (t2 != T_LINEBREAK) {
            throw parseError("expected timestamp or new record", t2);
        }
    }

    private long parseMillis(int from, int to) throws ParseException {
        long v = 0;
        for (int k = from; k < to; k++) {
            int d = b[k] - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw whileParsing("strconv.ParseInt: parsing " + GoText.quote(b, from, to, limit)
                        + ": value out of range");
            }
            v = v * 10 + d;
        }
        return v;
    }

    @Override
    public boolean hasExemplar() {
        return false;
    }

    @Override
    public Exemplar exemplar() {
        return null;
    }

    // ---- lexer: the token rules of Prometheus's promlex.l ----

    /** Byte at {@code k}, reading the end of input as the newline Prometheus appends. */
    private int ch(int k) {
        return k < limit ? b[k] : '\n';
    }

    @Override
    int nextToken() {
        int t;
        do {
            t = lex();
        } while (t == T_WHITESPACE);
        return t;
    }

    private int lex() {
        if (i > limit) {
            // Like Prometheus's lexer, the end of input leaves the previous token's start in place.
            return T_EOF;
        }
        tokStart = i;
        int c = ch(i);
        if ((c == ' ' || c == '\t') && state != S_META2) {
            while (i < limit && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            return T_WHITESPACE;
        }
        switch (state) {
            case S_INIT -> {
                if (c == '\n') {
                    i++;
                    line++;
                    return T_LINEBREAK;
                }
                if (c == '#') {
                    i++;
                    int w = i;
                    while (i < limit && (b[i] == ' ' || b[i] == '\t')) {
                        i++;
                    }
                    if (i > w) {
                        int t = metaKeyword();
                        if (t != T_INVALID) {
                            return t;
                        }
                    }
                    return consumeComment();
                }
                if (c == 0 && i < limit) {
                    return T_EOF;
                }
                return lexSeriesStart(c);
            }
            case S_META1, S_LABELS, S_LVALUE -> {
                return lexNameOrLabel(c);
            }
            case S_META2 -> {
                while (i < limit && b[i] != '\n') {
                    i++;
                }
                state = S_INIT;
                return T_TEXT;
            }
            case S_VALUE -> {
                if (c == '{') {
                    return lexBraceOpen();
                }
                int k = i;
                while (k < limit) {
                    byte x = b[k];
                    if (x == '{' || x == ' ' || x == '\t' || x == '\n' || x == 0) {
                        break;
                    }
                    k++;
                }
                if (k == i) {
                    return T_INVALID;
                }
                i = k;
                state = S_TIMESTAMP;
                return T_VALUE;
            }
            default -> {
                if (c == '\n') {
                    i++;
                    line++;
                    state = S_INIT;
                    return T_LINEBREAK;
                }
                int k = i;
                while (k < limit && b[k] >= '0' && b[k] <= '9') {
                    k++;
                }
                if (k == i) {
                    return T_INVALID;
                }
                i = k;
                return T_TIMESTAMP;
            }
        }
    }

    /** After "#" and whitespace: HELP or TYPE followed by whitespace, else T_INVALID. */
    private int metaKeyword() {
        int t;
        if (keywordAt('H', 'E', 'L', 'P')) {
            t = T_HELP;
        } else if (keywordAt('T', 'Y', 'P', 'E')) {
            t = T_TYPE;
        } else {
            return T_INVALID;
        }
        i += 4;
        while (i < limit && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        state = S_META1;
        return t;
    }

    private boolean keywordAt(char c0, char c1, char c2, char c3) {
        return i + 4 < limit && b[i] == c0 && b[i + 1] == c1 && b[i + 2] == c2 && b[i + 3] == c3
                && (b[i + 4] == ' ' || b[i + 4] == '\t');
    }

    /** The rest of a free comment line, from its "#", without the newline. */
    private int consumeComment() {
        while (i < limit && b[i] != '\n') {
            i++;
        }
        state = S_INIT;
        return T_COMMENT;
    }
}
