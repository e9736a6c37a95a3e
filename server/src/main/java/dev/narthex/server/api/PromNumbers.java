package dev.narthex.server.api;

/**
 * Number rendering identical to Prometheus's JSON API: sample values as Go's
 * {@code strconv.FormatFloat(v, 'f', -1, 64)}, switching to {@code 'e'} below 1e-6 and from 1e21 on
 * ({@code "1e-07"}, {@code "1.5e+21"}), specials as {@code NaN}, {@code +Inf}, {@code -Inf}; timestamps
 * in milliseconds as seconds with up to three decimals ({@code 1700000000.12} is written {@code .120}).
 *
 * <p>Both write into a caller-owned char array and return the new length, so that a response writer can
 * reuse one buffer for every sample, allocation-free. Integral values skip the general path entirely,
 * values with up to six decimals take an exact shortcut, and all others get their shortest round-trip
 * digits from {@link ShortestDecimal}. Stateless and thread-safe.
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
        long packed = ShortestDecimal.digits(Math.abs(v), buf, pos);
        int n = (int) (packed >>> 32);
        int exp = (int) packed;
        int e = exp - 1;
        int eprec = 6;
        if (e < -4 || e >= eprec) {
            pos = toExponent(buf, pos, n, e);
        } else {
            pos = toFixed(buf, pos, n, exp);
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
        long packed = ShortestDecimal.digits(abs, buf, pos);
        int n = (int) (packed >>> 32);
        int exp = (int) packed;
        if (abs < 1e-6 || abs >= 1e21) {
            return toExponent(buf, pos, n, exp - 1);
        }
        return toFixed(buf, pos, n, exp);
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
     * Lays out the {@code n} digits at {@code buf[start..]}, read as {@code 0.DIGITS * 10^exp}, in place in plain
     * decimal notation; returns the end position.
     */
    private static int toFixed(char[] buf, int start, int n, int exp) {
        if (exp <= 0) {
            int shift = 2 - exp;
            System.arraycopy(buf, start, buf, start + shift, n);
            buf[start] = '0';
            buf[start + 1] = '.';
            for (int z = start + 2; z < start + shift; z++) {
                buf[z] = '0';
            }
            return start + shift + n;
        }
        if (exp >= n) {
            for (int z = start + n; z < start + exp; z++) {
                buf[z] = '0';
            }
            return start + exp;
        }
        System.arraycopy(buf, start + exp, buf, start + exp + 1, n - exp);
        buf[start + exp] = '.';
        return start + n + 1;
    }

    /**
     * Lays out the {@code n} digits at {@code buf[start..]} in place as Go writes {@code D.DDD * 10^e}:
     * {@code 1.5e+21}, {@code 1e-07} (at least two exponent digits); returns the end position.
     */
    private static int toExponent(char[] buf, int start, int n, int e) {
        int pos = start + 1;
        if (n > 1) {
            System.arraycopy(buf, start + 1, buf, start + 2, n - 1);
            buf[start + 1] = '.';
            pos = start + n + 1;
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
        return DecimalDigits.write(v, DecimalDigits.count(v), buf, pos);
    }
}
