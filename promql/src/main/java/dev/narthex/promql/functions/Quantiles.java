package dev.narthex.promql.functions;

import java.util.Arrays;

/**
 * Prometheus's {@code quantile} over a set of float values (used by {@code quantile},
 * {@code quantile_over_time} and {@code mad_over_time}): values sorted with NaNs first, then
 * linear interpolation between the closest ranks. Pure and thread-safe; sorts the caller's array.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /** Whether Prometheus warns {@link Annotations#INVALID_QUANTILE} for this φ (NaN or outside [0, 1]). */
    public static boolean isInvalidQuantile(double q) {
        return Double.isNaN(q) || q < 0 || q > 1;
    }

    /**
     * The φ-quantile of {@code values[0, n)}, which are reordered. NaN for no values or φ = NaN,
     * -Inf for φ < 0, +Inf for φ > 1.
     */
    public static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double count = n;
        double rank = q * (count - 1);
        double lowerIndex = Math.max(0, Math.floor(rank));
        double upperIndex = Math.min(count - 1, lowerIndex + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
    }

    /** Sorts ascending with NaNs first, the order Prometheus's value heap sorts in. */
    static void sortNaNFirst(double[] values, int n) {
        int nans = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                values[i] = values[nans];
                values[nans++] = Double.NaN;
            }
        }
        Arrays.sort(values, nans, n);
    }
}
