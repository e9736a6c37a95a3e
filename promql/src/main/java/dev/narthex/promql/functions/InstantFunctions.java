package dev.narthex.promql.functions;

/**
 * The element-wise PromQL functions over float sample values, with Go's {@code math} semantics.
 * Histogram samples are skipped by the caller (Prometheus drops them from these functions).
 * All methods are pure and thread-safe.
 */
public final class InstantFunctions {
    private InstantFunctions() {
    }

    /** Applies the named one-argument function; see {@link #isUnary(String)}. */
    public static double apply(String name, double v) {
        switch (name) {
            case "abs": return Math.abs(v);
            case "ceil": return Math.ceil(v);
            case "floor": return Math.floor(v);
            case "exp": return StrictMath.exp(v);
            case "sqrt": return Math.sqrt(v);
            case "ln": return GoMath.log(v);
            case "log2": return GoMath.log2(v);
            case "log10": return GoMath.log10(v);
            case "sin": return StrictMath.sin(v);
            case "cos": return StrictMath.cos(v);
            case "tan": return StrictMath.tan(v);
            case "asin": return StrictMath.asin(v);
            case "acos": return StrictMath.acos(v);
            case "atan": return StrictMath.atan(v);
            case "sinh": return StrictMath.sinh(v);
            case "cosh": return StrictMath.cosh(v);
            case "tanh": return StrictMath.tanh(v);
            case "asinh": return GoMath.asinh(v);
            case "acosh": return GoMath.acosh(v);
            case "atanh": return GoMath.atanh(v);
            case "deg": return deg(v);
            case "rad": return rad(v);
            case "sgn": return sgn(v);
            case "round": return round(v, 1);
            default: throw new IllegalArgumentException("not a unary float function: " + name);
        }
    }

    /** Whether {@link #apply(String, double)} knows the function. */
    public static boolean isUnary(String name) {
        switch (name) {
            case "abs": case "ceil": case "floor": case "exp": case "sqrt": case "ln": case "log2": case "log10":
            case "sin": case "cos": case "tan": case "asin": case "acos": case "atan": case "sinh": case "cosh":
            case "tanh": case "asinh": case "acosh": case "atanh": case "deg": case "rad": case "sgn": case "round":
                return true;
            default:
                return false;
        }
    }

    public static double deg(double v) {
        return v * 180 / Math.PI;
    }

    public static double rad(double v) {
        return v * Math.PI / 180;
    }

    /** -1, 1, or v itself for zeros (keeping the sign) and NaN. */
    public static double sgn(double v) {
        if (v < 0) {
            return -1;
        }
        if (v > 0) {
            return 1;
        }
        return v;
    }

    /** {@code round(v, toNearest)}: halves round up, {@code floor(v/toNearest + 0.5) * toNearest} via the inverse. */
    public static double round(double v, double toNearest) {
        double inverse = 1.0 / toNearest;
        return Math.floor(v * inverse + 0.5) / inverse;
    }

    /**
     * {@code clamp(v, min, max)} = Go's {@code math.Max(min, math.Min(max, v))}. The caller emits no
     * sample at all when {@code max < min} (see {@link #clampHasOutput}).
     */
    public static double clamp(double v, double min, double max) {
        return goMax(min, goMin(max, v));
    }

    /** False when clamp must return an empty vector (max below min; NaN bounds still produce output). */
    public static boolean clampHasOutput(double min, double max) {
        return !(max < min);
    }

    public static double clampMin(double v, double min) {
        return goMax(min, goMin(Double.POSITIVE_INFINITY, v));
    }

    public static double clampMax(double v, double max) {
        return goMax(Double.NEGATIVE_INFINITY, goMin(max, v));
    }

    /** {@code math.Max}: +Inf wins over NaN, then NaN wins, and +0 over -0. */
    public static double goMax(double x, double y) {
        if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        return Math.max(x, y);
    }

    /** {@code math.Min}: -Inf wins over NaN, then NaN wins, and -0 over +0. */
    public static double goMin(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        return Math.min(x, y);
    }

    /** {@code timestamp(v)}: the sample's time in seconds. */
    public static double timestampSeconds(long tMs) {
        return tMs / 1000.0;
    }

    /** {@code time()} at the evaluation time. */
    public static double time(long evalTsMs) {
        return evalTsMs / 1000.0;
    }
}
