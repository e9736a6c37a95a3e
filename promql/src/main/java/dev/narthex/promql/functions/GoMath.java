package dev.narthex.promql.functions;

/**
 * Go {@code math} functions whose definitions or special cases differ from Java's, ported so that
 * PromQL results match Prometheus: Go's {@code Log10} and {@code Log2} multiply the natural log by a
 * constant instead of being correctly rounded, Java lacks the inverse hyperbolic functions, and
 * Go's float-to-int conversion differs for NaN and out-of-range values. Stateless and thread-safe.
 */
public final class GoMath {
    private static final double LN2 = 0.693147180559945309417232121458176568;
    // Go folds 1/Ln2 and 1/Ln10 as exact constants before rounding to float64.
    private static final double INV_LN2 = 1.44269504088896340735992468100189214;
    private static final double INV_LN10 = 0.434294481903251827651128918916605082;
    private static final double NEAR_ZERO = 1.0 / (1 << 28);
    private static final double LARGE = 1 << 28;

    private GoMath() {
    }

    /** {@code math.Log}: Go's pure-Go log is the fdlibm algorithm, as StrictMath's. */
    public static double log(double x) {
        return StrictMath.log(x);
    }

    /** {@code math.Log10}: log(x) * (1/Ln10), not a correctly rounded log10. */
    public static double log10(double x) {
        return StrictMath.log(x) * INV_LN10;
    }

    /** {@code math.Log2}: exact for powers of two, log(frac) * (1/Ln2) + exp otherwise. */
    public static double log2(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x) || x < 0) {
            return StrictMath.log(x);
        }
        int exp = Math.getExponent(x);
        double frac;
        if (exp == Double.MIN_EXPONENT - 1) {
            // Subnormal: normalise first, as Go's Frexp does.
            double n = x * 0x1p52;
            exp = Math.getExponent(n) - 52;
            frac = Math.scalb(n, -(Math.getExponent(n) + 1));
        } else {
            frac = Math.scalb(x, -(exp + 1));
        }
        int e = exp + 1;
        if (frac == 0.5) {
            return e - 1;
        }
        return StrictMath.log(frac) * INV_LN2 + e;
    }

    /** {@code math.Asinh}. */
    public static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        boolean sign = false;
        if (x < 0) {
            x = -x;
            sign = true;
        }
        double temp;
        if (x > LARGE) {
            temp = StrictMath.log(x) + LN2;
        } else if (x > 2) {
            temp = StrictMath.log(2 * x + 1 / (Math.sqrt(x * x + 1) + x));
        } else if (x < NEAR_ZERO) {
            temp = x;
        } else {
            temp = StrictMath.log1p(x + x * x / (1 + Math.sqrt(1 + x * x)));
        }
        return sign ? -temp : temp;
    }

    /** {@code math.Acosh}. */
    public static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= LARGE) {
            return StrictMath.log(x) + LN2;
        }
        if (x > 2) {
            return StrictMath.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return StrictMath.log1p(t + Math.sqrt(2 * t + t * t));
    }

    /** {@code math.Atanh}. */
    public static double atanh(double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        boolean sign = false;
        if (x < 0) {
            x = -x;
            sign = true;
        }
        double temp;
        if (x < NEAR_ZERO) {
            temp = x;
        } else if (x < 0.5) {
            temp = x + x;
            temp = 0.5 * StrictMath.log1p(temp + temp * x / (1 - x));
        } else {
            temp = 0.5 * StrictMath.log1p((x + x) / (1 - x));
        }
        return sign ? -temp : temp;
    }

    /**
     * {@code math.Pow} for the {@code ^} operator: as Java's except that Go returns 1 for
     * {@code Pow(1, y)} with any y (NaN and ±Inf included) and for {@code Pow(-1, ±Inf)}, where
     * Java returns NaN.
     */
    public static double pow(double x, double y) {
        if (y == 0 || x == 1) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return StrictMath.pow(x, y);
    }

    /**
     * {@code math.Mod}: the remainder with the sign of x; NaN for an infinite x, a zero y or a NaN;
     * x itself for an infinite y. Java's {@code %} on doubles has the same definition.
     */
    public static double mod(double x, double y) {
        return x % y;
    }

    /**
     * Go's {@code int64(f)} conversion as compiled for amd64 (the reference platform): NaN and
     * values outside the int64 range become {@link Long#MIN_VALUE}, others truncate toward zero.
     * Java's cast would give 0 for NaN and saturate at the bounds.
     */
    public static long toInt64(double f) {
        if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) f;
    }
}
