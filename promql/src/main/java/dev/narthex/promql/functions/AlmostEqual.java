package dev.narthex.promql.functions;

import dev.narthex.storage.StaleNaN;

/** Prometheus's {@code util/almost.Equal}: relative float comparison, NaNs equal, stale markers only to each other. */
public final class AlmostEqual {
    private static final double MIN_NORMAL = Double.MIN_NORMAL;

    private AlmostEqual() {
    }

    public static boolean equal(double a, double b, double epsilon) {
        if (StaleNaN.is(a) || StaleNaN.is(b)) {
            return StaleNaN.is(a) && StaleNaN.is(b);
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < epsilon * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
