package dev.narthex.scraper.parse;

import java.nio.charset.StandardCharsets;

/**
 * Parses floats from bytes with the grammar and results of Go's {@code strconv.ParseFloat} as
 * Prometheus's text parsers use it (hexadecimal and underscores refused). Decimal inputs with at most
 * 15 significant digits and a small exponent are converted exactly without allocating; others fall
 * back to the JDK's correctly rounded conversion. Not thread-safe: {@link #status} is per instance.
 */
final class GoFloat {
    static final int OK = 0;
    static final int SYNTAX = 1;
    static final int RANGE = 2;
    static final int UNSUPPORTED = 3;

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /** The outcome of the last {@link #parse}: OK, SYNTAX, RANGE or UNSUPPORTED. */
    int status;

    double parse(byte[] b, int from, int to) {
        status = OK;
        if (from >= to) {
            return syntaxError(b, from, to);
        }
        int i = from;
        boolean neg = false;
        if (b[i] == '+' || b[i] == '-') {
            neg = b[i] == '-';
            i++;
        }
        if (i < to && (b[i] | 0x20) == 'i') {
            if (equalsIgnoreCase(b, i, to, "inf") || equalsIgnoreCase(b, i, to, "infinity")) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return syntaxError(b, from, to);
        }
        if (i == from && equalsIgnoreCase(b, i, to, "nan")) {
            return Double.NaN;
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        boolean sawDigit = false;
        boolean inexact = false;
        for (; i < to && isDigit(b[i]); i++) {
            sawDigit = true;
            int d = b[i] - '0';
            if (digits < 18) {
                if (mantissa != 0 || d != 0) {
                    mantissa = mantissa * 10 + d;
                    digits++;
                }
            } else {
                exp10++;
                inexact |= d != 0;
            }
        }
        if (i < to && b[i] == '.') {
            i++;
            for (; i < to && isDigit(b[i]); i++) {
                sawDigit = true;
                int d = b[i] - '0';
                if (digits < 18) {
                    if (mantissa != 0 || d != 0) {
                        mantissa = mantissa * 10 + d;
                        digits++;
                    }
                    exp10--;
                } else {
                    inexact |= d != 0;
                }
            }
        }
        if (!sawDigit) {
            return syntaxError(b, from, to);
        }
        if (i < to && (b[i] | 0x20) == 'e') {
            i++;
            boolean eneg = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i == to) {
                return syntaxError(b, from, to);
            }
            int e = 0;
            for (; i < to && isDigit(b[i]); i++) {
                if (e < 100_000) {
                    e = e * 10 + (b[i] - '0');
                }
            }
            exp10 += eneg ? -e : e;
        }
        if (i != to) {
            return syntaxError(b, from, to);
        }
        double v;
        if (mantissa == 0) {
            v = 0;
        } else if (!inexact && digits <= 15 && exp10 >= -22 && exp10 <= 22) {
            // Both operands are exact doubles, so one IEEE operation gives the correctly rounded result.
            v = exp10 < 0 ? mantissa / POW10[-exp10] : mantissa * POW10[exp10];
        } else {
            v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            if (Double.isInfinite(v)) {
                status = RANGE;
            }
            return v;
        }
        return neg ? -v : v;
    }

    /**
     * Prometheus refuses 'p', 'P' and '_' before Go's parser sees them. None of them can appear in a
     * valid decimal, so checking for them only once the parse failed gives the same answer.
     */
    private double syntaxError(byte[] b, int from, int to) {
        status = SYNTAX;
        for (int k = from; k < to; k++) {
            byte c = b[k];
            if (c == 'p' || c == 'P' || c == '_') {
                status = UNSUPPORTED;
            }
        }
        return 0;
    }

    /** Go's error text for the last failed parse of {@code b[from, to)}. */
    String error(byte[] b, int from, int to) {
        if (status == UNSUPPORTED) {
            return "unsupported character in float";
        }
        String q = GoText.quote(b, from, to, to);
        return "strconv.ParseFloat: parsing " + q + (status == RANGE ? ": value out of range" : ": invalid syntax");
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((b[from + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
