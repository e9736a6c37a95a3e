package dev.narthex.server.api;

/** The number syntax of Go's {@code strconv.ParseFloat} and {@code strconv.Atoi}, with their error texts. */
final class GoFloat {
    private GoFloat() {
    }

    /** Whether Go's {@code ParseFloat(s, 64)} succeeds (decimal, hex with p exponent, inf/infinity/nan; in range). */
    static boolean isFloat(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int i = 0;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            i = 1;
        }
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return true;
        }
        if (rest.equalsIgnoreCase("nan")) {
            return i == 0;
        }
        if (rest.startsWith("0x") || rest.startsWith("0X")) {
            if (!rest.matches("0[xX](\\p{XDigit}+\\.?\\p{XDigit}*|\\.\\p{XDigit}+)[pP][+-]?\\d+")) {
                return false;
            }
            return !Double.isInfinite(Double.parseDouble(s));
        }
        if (!decimal(rest)) {
            return false;
        }
        // Out of range values are an error in Go (ErrRange).
        return !Double.isInfinite(Double.parseDouble(s));
    }

    private static boolean decimal(String s) {
        int i = 0;
        int n = s.length();
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Parses a string {@link #isFloat} accepted. */
    static double parse(String s) {
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        String rest = s.substring(i).toLowerCase();
        if (rest.equals("inf") || rest.equals("infinity")) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.equals("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    /** Go's {@code strconv.Atoi}, with its error text. */
    static int atoi(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        boolean syntax = i < s.length();
        for (int k = i; k < s.length() && syntax; k++) {
            syntax = s.charAt(k) >= '0' && s.charAt(k) <= '9';
        }
        if (!syntax) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + quote(s) + ": invalid syntax");
        }
        try {
            // Go's int is 64-bit; values beyond Java's int are clamped, which no limit here can tell apart.
            long v = Long.parseLong(s);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + quote(s) + ": value out of range");
        }
    }

    /** Go's {@code %q} for the common case: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
