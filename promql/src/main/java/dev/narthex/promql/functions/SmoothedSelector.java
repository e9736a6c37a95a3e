package dev.narthex.promql.functions;

/**
 * The value of a {@code smoothed} instant vector selector at one data time: the sample at exactly
 * that time, else the linear interpolation between the neighbouring samples (as a gauge), else the
 * last earlier sample; nothing if all samples are later. The window is the float samples in
 * {@code (dataTs - lookbackDelta, dataTs + lookbackDelta]} (see {@link RangeFunctions} for the
 * window convention). Pure and thread-safe.
 */
public final class SmoothedSelector {
    private SmoothedSelector() {
    }

    /** Whether the selector yields a sample. Precondition: {@code to - from >= 1}. */
    public static boolean hasValue(long[] ts, int from, int to, long dataTs) {
        return RangeFunctions.firstAtOrAfter(ts, from, to, dataTs) > from || ts[from] == dataTs;
    }

    /** The smoothed value. Precondition: {@link #hasValue} is true. */
    public static double value(long[] ts, double[] vs, int from, int to, long dataTs) {
        int i = RangeFunctions.firstAtOrAfter(ts, from, to, dataTs);
        if (i < to && ts[i] == dataTs) {
            return vs[i];
        }
        if (i < to) {
            return RangeFunctions.interpolate(ts[i - 1], vs[i - 1], ts[i], vs[i], dataTs, false);
        }
        return vs[i - 1];
    }
}
