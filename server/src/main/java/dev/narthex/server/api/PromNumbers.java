package dev.narthex.server.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number rendering identical to Prometheus's JSON API: sample values as Go's
 * {@code strconv.FormatFloat(v, 'f', -1, 64)}, switching to {@code 'e'} below 1e-6 and from 1e21 on
 * ({@code "1e-07"}, {@code "1.5e+21"}), specials as {@code NaN}, {@code +Inf}, {@code -Inf}; timestamps
 * in milliseconds as seconds with up to three decimals ({@code 1700000000.12} is written {@code .120}).
 *
 * <p>Both write into a caller-owned char array and return the new length, so that a response writer can
 * reuse one buffer for every sample. Integral values skip the general path entirely. Stateless and
 * thread-safe.
 */
public final class PromNumbers {
    /** Enough for any output: sign, 17 digits, a point, up to 21 zeros or an exponent. */
    public static final int MAX_CHARS = 48;
    private static final double INTEGER_FAST_PATH_LIMIT = 1e15;

    private PromNumbers() {
    }

    public static String formatFloat(double v) {
        char[] buf = new char[MAX_CHARS];
        return new String(buf, 0, formatFloat(v, buf, 0));
    }

    public static String formatTimestamp(long ms) {
        char[] buf = new char[MAX_CHARS];
        return new String(buf, 0, formatTimestamp(ms, buf, 0));
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} as the Prometheus text exposition format writes sample
     * values: plain up to six integer digits, exponent form beyond ({@code 1e+06}) and below 1e-4.
     */
    public static String formatFloatG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
        }
        char[] buf = new char[MAX_CHARS];
        int pos = 0;
        if (v < 0) {
            buf[pos++] = '-';
        }
        char[] digits = new char[20];
        long packed = shortestDigits(Math.abs(v), digits);
        int n = (int) (packed >>> 32);
        int exp = (int) packed;
        int e = exp - 1;
        int eprec = 6;
        if (e < -4 || e >= eprec) {
            pos = writeExponent(digits, n, e, buf, pos);
        } else {
            pos = writeFixed(digits, n, exp, buf, pos);
        }
        return new String(buf, 0, pos);
    }

    /** Writes a timestamp (ms) as Prometheus's seconds notation at {@code pos}; returns the end position. */
    public static int formatTimestamp(long ms, char[] buf, int pos) {
        if (ms == Long.MIN_VALUE) {
            // -ms overflows; Prometheus never produces it, but render it exactly anyway.
            String s = "-9223372036854775.808";
            s.getChars(0, s.length(), buf, pos);
            return pos + s.length();
        }
        if (ms < 0) {
            buf[pos++] = '-';
            ms = -ms;
        }
        pos = writeLong(ms / 1000, buf, pos);
        int frac = (int) (ms % 1000);
        if (frac != 0) {
            buf[pos++] = '.';
            buf[pos++] = (char) ('0' + frac / 100);
            buf[pos++] = (char) ('0' + frac / 10 % 10);
            buf[pos++] = (char) ('0' + frac % 10);
        }
        return pos;
    }

    /** Writes a float value as Prometheus does at {@code pos}; returns the end position. */
    public static int formatFloat(double v, char[] buf, int pos) {
        if (Double.isNaN(v)) {
            return put("NaN", buf, pos);
        }
        if (Double.isInfinite(v)) {
            return put(v > 0 ? "+Inf" : "-Inf", buf, pos);
        }
        if (v == 0) {
            return put(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0", buf, pos);
        }
        double abs = Math.abs(v);
        if (abs < INTEGER_FAST_PATH_LIMIT && abs == Math.rint(abs)) {
            if (v < 0) {
                buf[pos++] = '-';
            }
            return writeLong((long) abs, buf, pos);
        }
        if (v < 0) {
            buf[pos++] = '-';
        }
        if (abs >= 1e-5 && abs < INTEGER_FAST_PATH_LIMIT) {
            int end = fewDecimals(abs, buf, pos);
            if (end > 0) {
                return end;
            }
        }
        // Shortest round-trip digits and decimal exponent: value = 0.DIGITS * 10^exp.
        char[] digits = new char[20];
        long packed = shortestDigits(abs, digits);
        int n = (int) (packed >>> 32);
        int exp = (int) packed;
        if (abs < 1e-6 || abs >= 1e21) {
            return writeExponent(digits, n, exp - 1, buf, pos);
        }
        return writeFixed(digits, n, exp, buf, pos);
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final double MAX_EXACT_INTEGER = 9007199254740992.0;
    private static final int MAX_FAST_DECIMALS = 6;

    /**
     * The fast path for values with few decimals (0.5, 12.25, 0.001): finds the fewest fractional digits
     * {@code k} whose rounding {@code d / 10^k} parses back to {@code abs}. Both operands of that division
     * are exact doubles, so the correctly rounded quotient is exactly what parsing the decimal would give.
     * Writes the digits and returns the end position, or -1 when more decimals are needed.
     */
    private static int fewDecimals(double abs, char[] buf, int pos) {
        // Beyond six decimals the general path is about as fast as more failed tries here.
        for (int k = 1; k <= MAX_FAST_DECIMALS; k++) {
            double scaled = Math.rint(abs * POW10[k]);
            if (scaled >= MAX_EXACT_INTEGER) {
                return -1;
            }
            if (scaled / POW10[k] == abs) {
                long d = (long) scaled;
                long intPart = d / (long) POW10[k];
                long frac = d % (long) POW10[k];
                pos = writeLong(intPart, buf, pos);
                buf[pos++] = '.';
                int fracStart = pos;
                pos += k;
                for (int p = pos - 1; p >= fracStart; p--) {
                    buf[p] = (char) ('0' + frac % 10);
                    frac /= 10;
                }
                return pos;
            }
        }
        return -1;
    }

    /**
     * Fills {@code digits} with the shortest decimal digits that round-trip (without leading or trailing
     * zeros) and returns {@code count << 32 | exponent}. JDK 17's {@code Double.toString} is shortest except
     * for some 17- and 18-digit outputs; those are recomputed exactly.
     */
    private static long shortestDigits(double abs, char[] digits) {
        String s = Double.toString(abs);
        int n = 0;
        int pointAt = -1;
        int i = 0;
        boolean leading = true;
        int leadingZerosAfterPoint = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                pointAt = n;
                continue;
            }
            if (c == 'E') {
                break;
            }
            if (leading && c == '0') {
                if (pointAt >= 0) {
                    leadingZerosAfterPoint++;
                }
                continue;
            }
            leading = false;
            digits[n++] = c;
        }
        // Digits before the point: those written before '.' (none when the number starts with "0.").
        int intDigits = pointAt < 0 ? n : pointAt;
        int e10 = 0;
        if (i < s.length()) {
            e10 = Integer.parseInt(s, i + 1, s.length(), 10);
        }
        int exp = intDigits - leadingZerosAfterPoint + e10;
        while (n > 1 && digits[n - 1] == '0') {
            n--;
        }
        if (n >= 17 || abs < Double.MIN_NORMAL) {
            // Its 17-digit outputs are correctly rounded in the usual magnitudes but not always beyond them.
            return abs < 1e-5 || abs >= 1e16 ? exactShortest(abs, digits) : shorten(abs, digits, n, exp);
        }
        return ((long) n << 32) | (exp & 0xffffffffL);
    }

    /** Drops digits while the rounded value still parses back to {@code abs}. */
    private static long shorten(double abs, char[] digits, int n, int exp) {
        char[] trial = new char[n + 1];
        while (n > 1) {
            System.arraycopy(digits, 0, trial, 0, n - 1);
            int len = n - 1;
            int trialExp = exp;
            if (digits[n - 1] >= '5') {
                int i = len - 1;
                while (i >= 0 && trial[i] == '9') {
                    trial[i--] = '0';
                }
                if (i < 0) {
                    trial[0] = '1';
                    len = 1;
                    trialExp++;
                } else {
                    trial[i]++;
                }
            }
            while (len > 1 && trial[len - 1] == '0') {
                len--;
            }
            if (decimalValue(trial, len, trialExp) != abs) {
                break;
            }
            System.arraycopy(trial, 0, digits, 0, len);
            n = len;
            exp = trialExp;
        }
        return ((long) n << 32) | (exp & 0xffffffffL);
    }

    /**
     * The double nearest to {@code 0.DIGITS * 10^exp}, as parsing would give it. When the digits fit in 53
     * bits and the power of ten is exact, one correctly rounded multiplication or division is that value.
     */
    private static double decimalValue(char[] digits, int len, int exp) {
        long d = 0;
        for (int i = 0; i < len; i++) {
            d = d * 10 + (digits[i] - '0');
        }
        int e = exp - len;
        if (d < (1L << 53) && e >= -22 && e <= 22) {
            return e < 0 ? d / POW10[-e] : d * POW10[e];
        }
        return Double.parseDouble("0." + new String(digits, 0, len) + "E" + exp);
    }

    private static long exactShortest(double abs, char[] digits) {
        BigDecimal exact = new BigDecimal(abs);
        BigDecimal best = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        for (int p = 16; p >= 1; p--) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() != abs) {
                break;
            }
            best = r;
        }
        String unscaled = best.unscaledValue().toString();
        int n = unscaled.length();
        while (n > 1 && unscaled.charAt(n - 1) == '0') {
            n--;
        }
        unscaled.getChars(0, n, digits, 0);
        int exp = unscaled.length() - best.scale();
        return ((long) n << 32) | (exp & 0xffffffffL);
    }

    /** {@code 0.DIGITS * 10^exp} in plain decimal notation. */
    private static int writeFixed(char[] digits, int n, int exp, char[] buf, int pos) {
        if (exp <= 0) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int z = 0; z < -exp; z++) {
                buf[pos++] = '0';
            }
            System.arraycopy(digits, 0, buf, pos, n);
            return pos + n;
        }
        for (int d = 0; d < exp; d++) {
            buf[pos++] = d < n ? digits[d] : '0';
        }
        if (n > exp) {
            buf[pos++] = '.';
            for (int d = exp; d < n; d++) {
                buf[pos++] = digits[d];
            }
        }
        return pos;
    }

    /** {@code D.DDD * 10^e} as Go writes it: {@code 1.5e+21}, {@code 1e-07} (at least two exponent digits). */
    private static int writeExponent(char[] digits, int n, int e, char[] buf, int pos) {
        buf[pos++] = digits[0];
        if (n > 1) {
            buf[pos++] = '.';
            System.arraycopy(digits, 1, buf, pos, n - 1);
            pos += n - 1;
        }
        buf[pos++] = 'e';
        buf[pos++] = e < 0 ? '-' : '+';
        int ae = Math.abs(e);
        if (ae < 10) {
            buf[pos++] = '0';
        }
        return writeLong(ae, buf, pos);
    }

    private static int put(String s, char[] buf, int pos) {
        s.getChars(0, s.length(), buf, pos);
        return pos + s.length();
    }

    private static int writeLong(long v, char[] buf, int pos) {
        if (v == 0) {
            buf[pos] = '0';
            return pos + 1;
        }
        int len = 0;
        for (long t = v; t > 0; t /= 10) {
            len++;
        }
        int end = pos + len;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = (char) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }
}
