package dev.narthex.promql.functions;

/**
 * One window through {@link RangeKernel}'s per-series API (a single step), for known-answer tests:
 * returns whether Prometheus emits a sample, and writes it to {@code out[0]}.
 */
final class OneWindow {
    private OneWindow() {
    }

    /** The plain range {@code (start, end]} with its samples {@code [lo, hi)}, evaluated at {@code evalTs}. */
    static boolean plain(RangeKernel k, long[] ts, double[] vs, long[] st, int lo, int hi, long start, long end,
            long evalTs, double p0, double p1, int[] resets, double[] out) {
        boolean[] present = new boolean[1];
        k.evaluate(ts, vs, st, new int[] {lo}, new int[] {hi}, new long[] {end}, end - start, new long[] {evalTs},
                new double[] {p0}, new double[] {p1}, resets, new double[Math.max(hi - lo, 0)], out, present);
        return present[0];
    }

    /** The anchored or smoothed range {@code (start, end]} with its extended window {@code [lo, hi)}. */
    static boolean extended(RangeKernel k, long[] ts, double[] vs, long[] st, int lo, int hi, long start, long end,
            boolean smoothed, double[] out) {
        boolean[] present = new boolean[1];
        k.evaluateExtended(ts, vs, st, new int[] {lo}, new int[] {hi}, new long[] {end}, end - start, smoothed, out,
                present);
        return present[0];
    }
}
