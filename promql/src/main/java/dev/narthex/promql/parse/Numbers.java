package dev.narthex.promql.parse;

import dev.narthex.storage.text.GoQuote;
import java.math.BigInteger;

/**
 * Number literals as Prometheus reads them: Go's {@code strconv.ParseInt(s, 0, 64)} (decimal, 0x hex,
 * 0o/leading-zero octal, 0b binary, underscores) and else {@code strconv.ParseFloat} (decimal and
 * hex floats, Inf, NaN in any case).
 */
final class Numbers {
    private Numbers() {
    }

    static double parse(String text) {
        String s = text.replace("_", "");
        Long asInt = parseGoInt(s);
        if (asInt != null) {
            return asInt;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        if (lower.startsWith("0x")) {
            String hex = lower.contains("p") ? s : s + "p0";
            try {
                return Double.parseDouble(hex);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(text) + ": invalid syntax");
            }
        }
        if (lower.isEmpty() || !lower.matches("[0-9]*\\.?[0-9]*(e[+-]?[0-9]+)?")) {
            throw new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(text) + ": invalid syntax");
        }
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(text) + ": value out of range");
        }
        return v;
    }

    private static Long parseGoInt(String s) {
        int radix = 10;
        String digits = s;
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = s.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = s.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            digits = s.substring(1);
        }
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(digits, radix);
        return v.bitLength() < 64 ? v.longValue() : null;
    }
}
