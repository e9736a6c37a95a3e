package dev.narthex.promql.functions;

/**
 * Kernels of the {@code <aggregation>_over_time} functions over the float samples of one series in
 * a range window {@code (long[] ts, double[] vs, int from, int to)} (see {@link RangeFunctions}).
 * Every kernel requires {@code to - from >= 1}: Prometheus emits nothing for a series without
 * float samples in the window. Where a series also has histogram samples in the window, the
 * evaluator adds {@link Annotations#histogramIgnoredInMixedRange} for the functions that ignore them
 * (min, max, quantile, stddev, stdvar, mad, ts_of_min/max) and fails avg/sum with
 * {@link Annotations#mixedFloatsHistograms}. Pure, allocation-free, thread-safe.
 */
public final class OverTimeFunctions {
    private OverTimeFunctions() {
    }

    /** {@code avg_over_time}: Kahan sum divided by count, switching to an incremental mean on overflow. */
    public static double avg(double[] vs, int from, int to) {
        double sum = vs[from];
        double count = 1;
        double mean = 0;
        double kahanC = 0;
        boolean incrementalMean = false;
        for (int i = from + 1; i < to; i++) {
            double f = vs[i];
            count = i - from + 1;
            if (!incrementalMean) {
                double newC = KahanSum.compensation(f, sum, kahanC);
                double newSum = sum + f;
                if (!Double.isInfinite(newSum)) {
                    sum = newSum;
                    kahanC = newC;
                    continue;
                }
                incrementalMean = true;
                mean = sum / (count - 1);
                kahanC /= (count - 1);
            }
            double q = (count - 1) / count;
            double inc = f / count;
            double base = q * mean;
            kahanC = KahanSum.compensation(inc, base, q * kahanC);
            mean = base + inc;
        }
        if (incrementalMean) {
            return mean + kahanC;
        }
        return sum / count + kahanC / count;
    }

    /** {@code sum_over_time}: Kahan sum (an infinite sum is returned without compensation). */
    public static double sum(double[] vs, int from, int to) {
        double sum = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            c = KahanSum.compensation(vs[i], sum, c);
            sum += vs[i];
        }
        if (Double.isInfinite(sum)) {
            return sum;
        }
        return sum + c;
    }

    /** {@code count_over_time} (float and histogram samples count alike; pass the total). */
    public static double count(int samples) {
        return samples;
    }

    /** {@code max_over_time}: NaN is replaced by any later value. */
    public static double max(double[] vs, int from, int to) {
        double max = vs[from];
        for (int i = from; i < to; i++) {
            double cur = vs[i];
            if (cur > max || Double.isNaN(max)) {
                max = cur;
            }
        }
        return max;
    }

    /** {@code min_over_time}: NaN is replaced by any later value. */
    public static double min(double[] vs, int from, int to) {
        double min = vs[from];
        for (int i = from; i < to; i++) {
            double cur = vs[i];
            if (cur < min || Double.isNaN(min)) {
                min = cur;
            }
        }
        return min;
    }

    /** {@code ts_of_max_over_time}: seconds of the last sample holding the maximum. */
    public static double tsOfMax(long[] ts, double[] vs, int from, int to) {
        double max = vs[from];
        long at = ts[from];
        for (int i = from; i < to; i++) {
            double cur = vs[i];
            if (cur >= max || Double.isNaN(max)) {
                max = cur;
                at = ts[i];
            }
        }
        return at / 1000.0;
    }

    /** {@code ts_of_min_over_time}: seconds of the last sample holding the minimum. */
    public static double tsOfMin(long[] ts, double[] vs, int from, int to) {
        double min = vs[from];
        long at = ts[from];
        for (int i = from; i < to; i++) {
            double cur = vs[i];
            if (cur <= min || Double.isNaN(min)) {
                min = cur;
                at = ts[i];
            }
        }
        return at / 1000.0;
    }

    /**
     * {@code ts_of_first_over_time} / {@code ts_of_last_over_time}: seconds of a sample time; the
     * caller passes the earliest (or latest) time over float and histogram samples.
     */
    public static double tsSeconds(long tMs) {
        return tMs / 1000.0;
    }

    /** {@code first_over_time} for a float-only window. */
    public static double first(double[] vs, int from, int to) {
        return vs[from];
    }

    /** {@code last_over_time} for a float-only window. */
    public static double last(double[] vs, int from, int to) {
        return vs[to - 1];
    }

    /** {@code present_over_time}: 1 for any non-empty window. */
    public static double present() {
        return 1;
    }

    /** {@code absent_over_time}: 1 when the selector returned no series at all. */
    public static double absent() {
        return 1;
    }

    /**
     * {@code quantile_over_time(q, v[range])}; {@code scratch} holds at least {@code to - from}
     * values and is overwritten. The evaluator warns {@link Annotations#invalidQuantile} when
     * {@link Quantiles#isInvalidQuantile(double)}.
     */
    public static double quantile(double q, double[] vs, int from, int to, double[] scratch) {
        int n = to - from;
        System.arraycopy(vs, from, scratch, 0, n);
        return Quantiles.quantile(q, scratch, n);
    }

    /** {@code stdvar_over_time}: population variance, Welford's method with Kahan-compensated sums. */
    public static double stdvar(double[] vs, int from, int to) {
        double count = 0;
        double mean = 0, cMean = 0;
        double aux = 0, cAux = 0;
        for (int i = from; i < to; i++) {
            double f = vs[i];
            count++;
            double delta = f - (mean + cMean);
            double inc = delta / count;
            cMean = KahanSum.compensation(inc, mean, cMean);
            mean += inc;
            double auxInc = delta * (f - (mean + cMean));
            cAux = KahanSum.compensation(auxInc, aux, cAux);
            aux += auxInc;
        }
        return (aux + cAux) / count;
    }

    /** {@code stddev_over_time}. */
    public static double stddev(double[] vs, int from, int to) {
        return Math.sqrt(stdvar(vs, from, to));
    }

    /**
     * {@code mad_over_time}: median absolute deviation from the median; NaN if any value is NaN.
     * {@code scratch} holds at least {@code to - from} values and is overwritten.
     */
    public static double mad(double[] vs, int from, int to, double[] scratch) {
        int n = to - from;
        for (int i = 0; i < n; i++) {
            double v = vs[from + i];
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            scratch[i] = v;
        }
        double median = Quantiles.quantile(0.5, scratch, n);
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(scratch[i] - median);
        }
        return Quantiles.quantile(0.5, scratch, n);
    }
}
