package dev.narthex.storage.text;

/**
 * Go's {@code strconv.ParseFloat(s, 64)} acceptance rules, as Prometheus applies them to the
 * {@code le} label of classic histogram buckets and to API time and duration parameters: decimal and
 * hexadecimal (with a {@code p} exponent) forms, case-insensitive "inf" and "infinity" with an
 * optional sign, "nan" without a sign (Go's parser only looks for "inf" after a sign); values that
 * overflow to infinity are errors. Java's parser differs (it accepts "Infinity" only, surrounding
 * whitespace and "d"/"f" suffixes). Stateless and thread-safe.
 */
public final class GoParseFloat {
    private GoParseFloat() {
    }

    /** Whether Go parses {@code s} without error. */
    public static boolean isValid(String s) {
        return !Double.isNaN(parseOrNaN(s)) || isNaNLiteral(s);
    }

    /**
     * The parsed value; call only when {@link #isValid(String)} (returns NaN for invalid input, which
     * cannot be told apart from "NaN" without that check).
     */
    public static double parse(String s) {
        return parseOrNaN(s);
    }

    private static boolean isNaNLiteral(String s) {
        return s.equalsIgnoreCase("nan");
    }

    private static double parseOrNaN(String s) {
        int n = s.length();
        if (n == 0) {
            return Double.NaN;
        }
        int i = 0;
        boolean neg = false;
        char c0 = s.charAt(0);
        if (c0 == '+' || c0 == '-') {
            neg = c0 == '-';
            i = 1;
        }
        String body = s.substring(i);
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        boolean ok = body.length() > 2 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X')
                ? isHex(body)
                : isDecimal(body);
        if (!ok) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        return Double.isInfinite(v) ? Double.NaN : v;
    }

    private static boolean isDecimal(String b) {
        int i = 0;
        int n = b.length();
        int digits = 0;
        while (i < n && isDigit(b.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && b.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(b.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (b.charAt(i) == 'e' || b.charAt(i) == 'E')) {
            i++;
            if (i < n && (b.charAt(i) == '+' || b.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(b.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isHex(String b) {
        int i = 2;
        int n = b.length();
        int digits = 0;
        while (i < n && isHexDigit(b.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && b.charAt(i) == '.') {
            i++;
            while (i < n && isHexDigit(b.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0 || i >= n || (b.charAt(i) != 'p' && b.charAt(i) != 'P')) {
            return false;
        }
        i++;
        if (i < n && (b.charAt(i) == '+' || b.charAt(i) == '-')) {
            i++;
        }
        int exp = 0;
        while (i < n && isDigit(b.charAt(i))) {
            i++;
            exp++;
        }
        return exp > 0 && i == n;
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
