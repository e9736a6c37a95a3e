package dev.narthex.promql.functions;

/**
 * Prometheus's Kahan–Neumaier summation step ({@code util/kahansum.Inc}), split in two so that
 * it allocates nothing: the caller keeps {@code sum} and {@code c} in locals or arrays and calls
 * <pre>{@code
 *   c = KahanSum.compensation(x, sum, c);
 *   sum = sum + x;
 * }</pre>
 * The final value is {@code sum + c} (callers check for an infinite sum first where Prometheus does).
 * Java never fuses multiply-add implicitly, which is the rounding behaviour Prometheus forces in Go.
 */
public final class KahanSum {
    private KahanSum() {
    }

    /** The new compensation term after adding {@code inc} to {@code sum} that carried {@code c}. */
    public static double compensation(double inc, double sum, double c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }
}
