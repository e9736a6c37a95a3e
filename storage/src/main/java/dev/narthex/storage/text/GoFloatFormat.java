package dev.narthex.storage.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's float formatting as Prometheus uses it: {@code strconv.FormatFloat(v, 'f', -1, 64)} for
 * {@code count_values} label values, {@code %g} and {@code %.2g} for annotation texts and templates,
 * {@code labels.FormatOpenMetricsFloat} for quantile labels.
 *
 * <p>Java's {@code Double.toString} is not the shortest round-trip representation before JDK 19,
 * so the shortest digits are found here from the exact binary value. Stateless and thread-safe.
 */
public final class GoFloatFormat {
    private static final double TWO_POW_53 = 9007199254740992.0;

    private GoFloatFormat() {
    }

    /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
    public static String formatF(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == Math.rint(v) && Math.abs(v) < TWO_POW_53) {
            // Integers below 2^53 are their own shortest representation.
            if (v == 0) {
                return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
            }
            return Long.toString((long) v);
        }
        Digits d = shortest(Math.abs(v));
        StringBuilder sb = new StringBuilder(24);
        if (v < 0) {
            sb.append('-');
        }
        appendF(sb, d, Math.max(d.nd() - d.dp, 0));
        return sb.toString();
    }

    /** Go's {@code %g}: shortest digits, exponent form when the decimal exponent is below -4 or at least 6. */
    public static String formatG(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        Digits d = v == 0 ? new Digits("", 0) : shortest(Math.abs(v));
        StringBuilder sb = new StringBuilder(24);
        if (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0)) {
            sb.append('-');
        }
        int prec = d.nd();
        int exp = d.dp - 1;
        if (exp < -4 || exp >= 6) {
            appendE(sb, d, prec - 1);
        } else {
            appendF(sb, d, Math.max(prec - d.dp, 0));
        }
        return sb.toString();
    }

    /**
     * Prometheus's {@code labels.FormatOpenMetricsFloat} (the quantile label of
     * {@code histogram_quantiles}): {@link #formatG} with ".0" appended when there is neither a
     * decimal point nor an exponent, so 1 is "1.0" and 0.25 stays "0.25".
     */
    public static String formatOpenMetrics(double v) {
        String s = formatG(v);
        if (Double.isNaN(v) || Double.isInfinite(v) || s.indexOf('.') >= 0 || s.indexOf('e') >= 0) {
            return s;
        }
        return s + ".0";
    }

    /** Go's {@code %.2g}: two significant digits, rounded half to even on the exact value. */
    public static String formatG2(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        Digits d = v == 0 ? new Digits("", 0) : rounded(Math.abs(v), 2);
        StringBuilder sb = new StringBuilder(16);
        if (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0)) {
            sb.append('-');
        }
        int prec = 2;
        int eprec = prec;
        if (eprec > d.nd() && d.nd() >= d.dp) {
            eprec = d.nd();
        }
        int exp = d.dp - 1;
        if (exp < -4 || exp >= eprec) {
            appendE(sb, d, Math.min(prec, d.nd()) - 1);
        } else {
            if (prec > d.dp) {
                prec = d.nd();
            }
            appendF(sb, d, Math.max(prec - d.dp, 0));
        }
        return sb.toString();
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return null;
    }

    /** Decimal digits without trailing zeros; the value is 0.digits × 10^dp. */
    private record Digits(String digits, int dp) {
        int nd() {
            return digits.length();
        }

        char at(int i) {
            return digits.charAt(i);
        }
    }

    /** The shortest decimal that parses back to v (v > 0), the closest one among equally short ones. */
    private static Digits shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                return digitsOf(r);
            }
        }
        return digitsOf(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    private static Digits rounded(double v, int significant) {
        return digitsOf(new BigDecimal(v).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
    }

    private static Digits digitsOf(BigDecimal r) {
        BigDecimal s = r.stripTrailingZeros();
        String digits = s.unscaledValue().toString();
        return new Digits(digits, digits.length() - s.scale());
    }

    private static void appendF(StringBuilder sb, Digits d, int decimals) {
        if (d.dp > 0) {
            int m = Math.min(d.nd(), d.dp);
            sb.append(d.digits, 0, m);
            for (int i = m; i < d.dp; i++) {
                sb.append('0');
            }
        } else {
            sb.append('0');
        }
        if (decimals > 0) {
            sb.append('.');
            for (int i = 1; i <= decimals; i++) {
                int j = d.dp + i - 1;
                sb.append(j >= 0 && j < d.nd() ? d.at(j) : '0');
            }
        }
    }

    private static void appendE(StringBuilder sb, Digits d, int decimals) {
        sb.append(d.nd() == 0 ? '0' : d.at(0));
        if (decimals > 0) {
            sb.append('.');
            for (int i = 1; i <= decimals; i++) {
                sb.append(i < d.nd() ? d.at(i) : '0');
            }
        }
        int exp = d.nd() == 0 ? 0 : d.dp - 1;
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        sb.append(a);
    }
}
