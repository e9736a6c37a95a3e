package dev.narthex.promql.parse;

import dev.narthex.storage.text.GoQuote;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenFactory;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * PromQL's lexer, a port of the state machine of Prometheus's {@code lex.go} producing tokens of the
 * {@link PromQL} grammar. It is stateful the way Prometheus's is: inside braces every word is an
 * identifier, inside brackets only durations, numbers, arithmetic and the duration keywords exist,
 * and {@code fill}/{@code fill_left}/{@code fill_right} are keywords only before a "(". The first
 * lexical error is kept (see {@link #error()}) and ends the token stream. Not thread-safe; one per
 * parse.
 */
final class PromqlLexer implements TokenSource {
    /** Keywords, matched case-insensitively outside braces. */
    static final Map<String, Integer> KEYWORDS = Map.ofEntries(
            Map.entry("and", PromQL.LAND), Map.entry("or", PromQL.LOR), Map.entry("unless", PromQL.LUNLESS),
            Map.entry("atan2", PromQL.ATAN2), Map.entry("sum", PromQL.SUM), Map.entry("avg", PromQL.AVG),
            Map.entry("count", PromQL.COUNT), Map.entry("min", PromQL.MIN), Map.entry("max", PromQL.MAX),
            Map.entry("group", PromQL.GROUP), Map.entry("stddev", PromQL.STDDEV), Map.entry("stdvar", PromQL.STDVAR),
            Map.entry("topk", PromQL.TOPK), Map.entry("bottomk", PromQL.BOTTOMK),
            Map.entry("count_values", PromQL.COUNT_VALUES), Map.entry("quantile", PromQL.QUANTILE),
            Map.entry("limitk", PromQL.LIMITK), Map.entry("limit_ratio", PromQL.LIMIT_RATIO),
            Map.entry("offset", PromQL.OFFSET), Map.entry("smoothed", PromQL.SMOOTHED),
            Map.entry("anchored", PromQL.ANCHORED), Map.entry("by", PromQL.BY), Map.entry("without", PromQL.WITHOUT),
            Map.entry("on", PromQL.ON), Map.entry("ignoring", PromQL.IGNORING),
            Map.entry("group_left", PromQL.GROUP_LEFT), Map.entry("group_right", PromQL.GROUP_RIGHT),
            Map.entry("fill", PromQL.FILL), Map.entry("fill_left", PromQL.FILL_LEFT),
            Map.entry("fill_right", PromQL.FILL_RIGHT), Map.entry("bool", PromQL.BOOL),
            Map.entry("start", PromQL.START), Map.entry("end", PromQL.END), Map.entry("step", PromQL.STEP),
            Map.entry("range", PromQL.RANGE), Map.entry("max_of", PromQL.MAX_OF), Map.entry("min_of", PromQL.MIN_OF),
            Map.entry("inf", PromQL.NUMBER), Map.entry("nan", PromQL.NUMBER));

    private static final Map<String, Integer> DURATION_KEYWORDS = Map.of(
            "step", PromQL.STEP, "range", PromQL.RANGE, "max_of", PromQL.MAX_OF, "min_of", PromQL.MIN_OF);

    private enum State { STATEMENTS, BRACES, DURATION, DONE }

    private final String input;
    private final TokenFactory<CommonToken> factory = CommonTokenFactory.DEFAULT;
    private int pos;
    private int start;
    private int parenDepth;
    private boolean bracketOpen;
    private boolean gotColon;
    private boolean gotDuration;
    private State state = State.STATEMENTS;
    private ParseError error;
    private Token pending;

    PromqlLexer(String input) {
        this.input = input;
    }

    /** The lexical error that ended the stream, or null. */
    ParseError error() {
        return error;
    }

    @Override
    public Token nextToken() {
        pending = null;
        while (pending == null) {
            switch (state) {
                case STATEMENTS -> lexStatements();
                case BRACES -> lexInsideBraces();
                case DURATION -> lexDurationExpr();
                case DONE -> emitEof();
            }
        }
        return pending;
    }

    private int next() {
        if (pos >= input.length()) {
            pos = input.length() + 1;
            return -1;
        }
        return input.charAt(pos++);
    }

    private void backup() {
        pos--;
    }

    private int peek() {
        return pos < input.length() ? input.charAt(pos) : -1;
    }

    private boolean accept(String valid) {
        int c = next();
        if (c >= 0 && valid.indexOf(c) >= 0) {
            return true;
        }
        backup();
        return false;
    }

    private void emit(int type) {
        CommonToken t = factory.create(new org.antlr.v4.runtime.misc.Pair<>(this, (CharStream) null), type,
                input.substring(start, pos), Token.DEFAULT_CHANNEL, start, pos - 1, 1, start);
        pending = t;
        start = pos;
    }

    private void emitEof() {
        CommonToken t = factory.create(new org.antlr.v4.runtime.misc.Pair<>(this, (CharStream) null), Token.EOF,
                "", Token.DEFAULT_CHANNEL, input.length(), input.length() - 1, 1, input.length());
        pending = t;
    }

    private void errorf(String message) {
        if (error == null) {
            error = new ParseError(start, input.length(), message);
        }
        state = State.DONE;
        emitEof();
    }

    private void ignore() {
        start = pos;
    }

    private void lexStatements() {
        if (input.startsWith("#", pos)) {
            lexLineComment();
            return;
        }
        int r = next();
        if (r == -1) {
            pos = input.length();
            if (parenDepth != 0) {
                errorf("unclosed left parenthesis");
            } else if (bracketOpen) {
                errorf("unclosed left bracket");
            } else {
                state = State.DONE;
                emitEof();
            }
            return;
        }
        switch (r) {
            case ',' -> emit(PromQL.COMMA);
            case '*' -> emit(PromQL.MUL);
            case '/' -> emit(PromQL.DIV);
            case '%' -> emit(PromQL.MOD);
            case '+' -> emit(PromQL.ADD);
            case '-' -> emit(PromQL.SUB);
            case '^' -> emit(PromQL.POW);
            case '@' -> emit(PromQL.AT);
            case '=' -> {
                int t = peek();
                if (t == '=') {
                    next();
                    emit(PromQL.EQLC);
                } else if (t == '~') {
                    errorf("unexpected character after '=': " + quoteRune(t));
                } else {
                    emit(PromQL.EQL);
                }
            }
            case '!' -> {
                int t = next();
                if (t != '=') {
                    errorf("unexpected character after '!': " + quoteRune(t));
                } else {
                    emit(PromQL.NEQ);
                }
            }
            case '<' -> {
                if (accept("=")) {
                    emit(PromQL.LTE);
                } else if (accept("/")) {
                    emit(PromQL.TRIM_UPPER);
                } else {
                    emit(PromQL.LSS);
                }
            }
            case '>' -> {
                if (accept("=")) {
                    emit(PromQL.GTE);
                } else if (accept("/")) {
                    emit(PromQL.TRIM_LOWER);
                } else {
                    emit(PromQL.GTR);
                }
            }
            case '"', '\'' -> lexString((char) r);
            case '`' -> lexRawString();
            case '(' -> {
                emit(PromQL.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                emit(PromQL.RIGHT_PAREN);
                parenDepth--;
                if (parenDepth < 0) {
                    errorf("unexpected right parenthesis ')'");
                }
            }
            case '{' -> {
                emit(PromQL.LEFT_BRACE);
                state = State.BRACES;
            }
            case '[' -> {
                if (bracketOpen) {
                    errorf("unexpected left bracket '['");
                    return;
                }
                gotColon = false;
                emit(PromQL.LEFT_BRACKET);
                skipSpaces();
                bracketOpen = true;
                state = State.DURATION;
            }
            case ']' -> {
                if (!bracketOpen) {
                    errorf("unexpected right bracket ']'");
                    return;
                }
                emit(PromQL.RIGHT_BRACKET);
                bracketOpen = false;
            }
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                } else if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    lexNumberOrDuration();
                } else if (isAlpha(r) || r == ':') {
                    if (!bracketOpen) {
                        backup();
                        lexKeywordOrIdentifier();
                    } else if (r == ':') {
                        if (gotColon) {
                            errorf("unexpected colon ':'");
                            return;
                        }
                        emit(PromQL.COLON);
                        gotColon = true;
                    } else if (!scanDurationKeyword()) {
                        errorf("unexpected character: " + quoteRune(r) + ", expected ':'");
                    }
                } else {
                    errorf("unexpected character: " + quoteRune(r));
                }
            }
        }
    }

    private void lexInsideBraces() {
        if (input.startsWith("#", pos)) {
            lexLineComment();
            return;
        }
        int r = next();
        if (r == -1) {
            pos = input.length();
            errorf("unexpected end of input inside braces");
            return;
        }
        switch (r) {
            case ',' -> emit(PromQL.COMMA);
            case '"', '\'' -> lexString((char) r);
            case '`' -> lexRawString();
            case '=' -> emit(accept("~") ? PromQL.EQL_REGEX : PromQL.EQL);
            case '!' -> {
                int nr = next();
                if (nr == '~') {
                    emit(PromQL.NEQ_REGEX);
                } else if (nr == '=') {
                    emit(PromQL.NEQ);
                } else {
                    errorf("unexpected character after '!' inside braces: " + quoteRune(nr));
                }
            }
            case '{' -> errorf("unexpected left brace '{'");
            case '}' -> {
                emit(PromQL.RIGHT_BRACE);
                state = State.STATEMENTS;
            }
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                } else if (isAlpha(r)) {
                    while (isAlphaNumeric(next())) {
                        // consume the identifier
                    }
                    backup();
                    emit(PromQL.IDENTIFIER);
                } else {
                    errorf("unexpected character inside braces: " + quoteRune(r));
                }
            }
        }
    }

    private void lexDurationExpr() {
        int r = next();
        if (r == -1) {
            pos = input.length();
            errorf("unexpected end of input in duration expression");
            return;
        }
        switch (r) {
            case ']' -> {
                emit(PromQL.RIGHT_BRACKET);
                bracketOpen = false;
                gotColon = false;
                state = State.STATEMENTS;
            }
            case ':' -> {
                emit(PromQL.COLON);
                if (!gotDuration) {
                    errorf("unexpected colon before duration in duration expression");
                } else if (gotColon) {
                    errorf("unexpected repeated colon in duration expression");
                }
                gotColon = true;
            }
            case '(' -> {
                emit(PromQL.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                emit(PromQL.RIGHT_PAREN);
                parenDepth--;
                if (parenDepth < 0) {
                    errorf("unexpected right parenthesis ')'");
                }
            }
            case '+' -> emit(PromQL.ADD);
            case '-' -> emit(PromQL.SUB);
            case '*' -> emit(PromQL.MUL);
            case '/' -> emit(PromQL.DIV);
            case '%' -> emit(PromQL.MOD);
            case '^' -> emit(PromQL.POW);
            case ',' -> emit(PromQL.COMMA);
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                } else if (isDurationKeywordStart(r)) {
                    if (!scanDurationKeyword()) {
                        errorf("unexpected character in duration expression: " + quoteRune(r));
                    }
                } else if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    gotDuration = true;
                    lexNumberOrDuration();
                    if (state != State.DONE) {
                        state = State.STATEMENTS;
                    }
                } else {
                    errorf("unexpected character in duration expression: " + quoteRune(r));
                }
            }
        }
    }

    private void skipSpaces() {
        while (isSpace(peek())) {
            pos++;
        }
        ignore();
    }

    private void lexLineComment() {
        pos++;
        while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
            pos++;
        }
        ignore();
    }

    private void lexString(char quote) {
        while (true) {
            int c = next();
            if (c == '\\') {
                if (!lexEscape(quote)) {
                    return;
                }
            } else if (c == -1 || c == '\n') {
                pos = Math.min(pos, input.length());
                errorf("unterminated quoted string");
                return;
            } else if (c == quote) {
                emit(PromQL.STRING);
                return;
            }
        }
    }

    /** Validates one escape sequence after a backslash; false after reporting an error. */
    private boolean lexEscape(char quote) {
        int ch = next();
        int n;
        int base;
        int max;
        switch (ch) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return true;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                n = 3;
                base = 8;
                max = 255;
            }
            case 'x' -> {
                ch = next();
                n = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                ch = next();
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                ch = next();
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case -1 -> {
                errorf("escape sequence not terminated");
                return false;
            }
            default -> {
                if (ch == quote) {
                    return true;
                }
                errorf("unknown escape sequence " + goRuneU(codePointBefore()));
                return false;
            }
        }
        long x = 0;
        while (n > 0) {
            int d = digitVal(ch);
            if (d >= base) {
                if (ch == -1) {
                    errorf("escape sequence not terminated");
                } else {
                    errorf("illegal character " + goRuneU(codePointBefore()) + " in escape sequence");
                }
                return false;
            }
            x = x * base + d;
            n--;
            if (n > 0) {
                ch = next();
            }
        }
        if (x > max || (0xD800 <= x && x < 0xE000)) {
            errorf("escape sequence is an invalid Unicode code point");
            return false;
        }
        return true;
    }

    private int codePointBefore() {
        int p = Math.min(pos, input.length());
        return Character.codePointBefore(input, p);
    }

    private void lexRawString() {
        while (true) {
            int c = next();
            if (c == -1) {
                pos = input.length();
                errorf("unterminated raw string");
                return;
            }
            if (c == '`') {
                emit(PromQL.STRING);
                return;
            }
        }
    }

    private void lexNumberOrDuration() {
        if (scanNumber()) {
            emit(PromQL.NUMBER);
            return;
        }
        if (acceptRemainingDuration()) {
            backup();
            emit(PromQL.DURATION);
            return;
        }
        pos = Math.min(pos, input.length());
        errorf("bad number or duration syntax: " + goQuote(input.substring(start, pos)));
    }

    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept("0123456789")) {
            while (accept("0123456789")) {
                // digits of the next unit
            }
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        return !isAlphaNumeric(next());
    }

    /** Go's scanNumber: decimal/hex digits with one dot, one exponent and single underscores. */
    private boolean scanNumber() {
        int initial = pos;
        String digits = "0123456789";
        if (accept("0")) {
            if (accept("xX")) {
                accept("_");
                digits = "0123456789abcdefABCDEF";
            }
        }
        accept(".");
        accept(digits);
        boolean dot = false;
        boolean exp = false;
        while (peek() >= 0 && (digits + "._eE").indexOf(peek()) >= 0) {
            int p = peek();
            if (p == '.' && dot) {
                accept(".");
                return false;
            }
            if ((p == 'e' || p == 'E') && exp) {
                accept("eE");
                return false;
            }
            if (accept(".")) {
                dot = true;
                if (accept("_.")) {
                    return false;
                }
                if (digits.length() > 10) {
                    return false;
                }
                continue;
            }
            if (accept("eE")) {
                exp = true;
                accept("+-");
                if (accept("._eE") || peek() == -1) {
                    return false;
                }
                continue;
            }
            if (accept("_")) {
                if (accept("._eE") || peek() == -1) {
                    return false;
                }
                continue;
            }
            while (peek() >= 0 && digits.indexOf(peek()) >= 0) {
                pos++;
            }
        }
        if (pos == initial) {
            return false;
        }
        return !isAlphaNumeric(peek());
    }

    private boolean isDurationKeywordStart(int r) {
        int c = Character.toLowerCase(r);
        return c == 's' || c == 'r' || c == 'm';
    }

    private boolean scanDurationKeyword() {
        while (isAlpha(peek())) {
            pos++;
        }
        Integer tok = DURATION_KEYWORDS.get(input.substring(start, pos).toLowerCase(Locale.ROOT));
        if (tok != null) {
            emit(tok);
            return true;
        }
        return false;
    }

    private void lexKeywordOrIdentifier() {
        while (true) {
            int r = next();
            if (!(isAlphaNumeric(r) || r == ':')) {
                backup();
                break;
            }
        }
        String word = input.substring(start, pos);
        Integer kw = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
        if (kw != null) {
            if ((kw == PromQL.FILL || kw == PromQL.FILL_LEFT || kw == PromQL.FILL_RIGHT) && !followedByLeftParen()) {
                emit(PromQL.IDENTIFIER);
            } else {
                emit(kw);
            }
        } else if (word.indexOf(':') < 0) {
            emit(PromQL.IDENTIFIER);
        } else {
            emit(PromQL.METRIC_IDENTIFIER);
        }
    }

    private boolean followedByLeftParen() {
        int p = pos;
        while (p < input.length() && isSpace(input.charAt(p))) {
            p++;
        }
        return p < input.length() && input.charAt(p) == '(';
    }

    static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\n' || r == '\r';
    }

    static boolean isDigit(int r) {
        return r >= '0' && r <= '9';
    }

    static boolean isAlpha(int r) {
        return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    }

    static boolean isAlphaNumeric(int r) {
        return isAlpha(r) || isDigit(r);
    }

    private static int digitVal(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return 16;
    }

    /** Go's {@code %q} of a rune: {@code 'x'}. */
    static String quoteRune(int r) {
        if (r == -1) {
            // Go quotes the end-of-input rune (-1) as the replacement character
            return "'\ufffd'";
        }
        String q = GoQuote.quote(new String(Character.toChars(r)));
        String inner = q.substring(1, q.length() - 1).replace("\\\"", "\"");
        if (r == '\'') {
            inner = "\\'";
        }
        return "'" + inner + "'";
    }

    /** Go's {@code %#U} of a rune: {@code U+0063 'c'}. */
    static String goRuneU(int r) {
        String hex = String.format("U+%04X", r);
        return Character.isISOControl(r) ? hex : hex + " '" + new String(Character.toChars(r)) + "'";
    }

    static String goQuote(String s) {
        return GoQuote.quote(s);
    }

    @Override
    public int getLine() {
        return 1;
    }

    @Override
    public int getCharPositionInLine() {
        return pos;
    }

    @Override
    public CharStream getInputStream() {
        return null;
    }

    @Override
    public String getSourceName() {
        return "promql";
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        throw new UnsupportedOperationException("fixed token factory");
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return factory;
    }
}
