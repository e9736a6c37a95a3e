package dev.narthex.promql.functions;

/**
 * The per-evaluation context a {@link RangeKernel} needs besides the samples: the range boundaries,
 * the evaluation time, the selector modifiers and the function's scalar arguments. A mutable holder
 * meant to be reused across steps and series by one evaluator thread (not thread-safe), so that
 * calling kernels allocates nothing once {@link #scratch(int)} has grown.
 */
public final class RangeWindow {
    /** Left-open range start: {@code evalTs - range - offset}. */
    public long rangeStartMs;
    /** Range end: {@code evalTs - offset}. */
    public long rangeEndMs;
    /** The evaluation time (predict_linear extrapolates from it). */
    public long evalTsMs;
    /** The selector carries the {@code anchored} modifier (window includes the lookback before the range). */
    public boolean anchored;
    /** The selector carries the {@code smoothed} modifier (window includes the lookback on both sides). */
    public boolean smoothed;
    /**
     * The first scalar argument: φ for quantile_over_time, the duration in seconds for
     * predict_linear, the smoothing factor for double_exponential_smoothing.
     */
    public double param;
    /** The second scalar argument: the trend factor for double_exponential_smoothing. */
    public double param2;

    private double[] scratch = new double[0];

    /** Sets the range and evaluation time for a plain selector (no modifiers). */
    public RangeWindow range(long rangeStartMs, long rangeEndMs, long evalTsMs) {
        this.rangeStartMs = rangeStartMs;
        this.rangeEndMs = rangeEndMs;
        this.evalTsMs = evalTsMs;
        return this;
    }

    /** A reusable buffer of at least n doubles (contents undefined). */
    double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }
}
