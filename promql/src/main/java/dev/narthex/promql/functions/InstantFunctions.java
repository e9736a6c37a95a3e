package dev.narthex.promql.functions;

/**
 * The element-wise PromQL functions over float sample values that take arguments or need care
 * (round, clamp*, sgn, deg, rad, time, timestamp), with Go's {@code math} semantics; the plain
 * one-argument ones are {@link UnaryFunction}. Histogram samples are skipped by the caller
 * (Prometheus drops them from these functions). All methods are pure and thread-safe.
 */
public final class InstantFunctions {
    private InstantFunctions() {
    }

    /**
     * Applies a one-argument function by name: any {@link UnaryFunction}, or round to the nearest
     * integer. Resolve a {@link UnaryFunction} once instead where the name is known ahead of the loop.
     */
    public static double apply(String name, double v) {
        if (name.equals("round")) {
            return round(v, 1);
        }
        UnaryFunction f = UnaryFunction.forName(name);
        if (f == null) {
            throw new IllegalArgumentException("not a unary float function: " + name);
        }
        return f.apply(v);
    }

    /** Whether {@link #apply(String, double)} knows the function. */
    public static boolean isUnary(String name) {
        return name.equals("round") || UnaryFunction.forName(name) != null;
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
