package dev.narthex.promql.functions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The PromQL functions over a range vector of floats, resolved once per call by name
 * ({@link #forName}) and then applied to one series' windows of every step with {@link #evaluate}
 * (plain selectors and subqueries) or {@link #evaluateExtended} ({@code anchored}/{@code smoothed}
 * selectors): one call per series, whose loop over steps dispatches by a table switch on this enum
 * and allocates nothing. The arithmetic is in {@link RangeFunctions} and {@link OverTimeFunctions};
 * this is the one place that maps a function to it and decides when Prometheus emits no sample.
 *
 * <p>Windows are the float samples of one series at indices {@code [lo[i], hi[i])} of ascending
 * millisecond times {@code ts}, values {@code vs} and start timestamps {@code st} (null when no
 * sample has one; only functions with {@link #usesStartTimes()} look at them). Finding the window
 * bounds, warnings, histogram samples and the validation of scalar arguments (e.g.
 * {@link RangeFunctions#invalidSmoothingFactor}, {@link Quantiles#isInvalidQuantile}) are the
 * evaluator's. Stateless and thread-safe; the arrays passed in are only read, except
 * {@code scratch}, {@code out} and {@code present}.
 */
public enum RangeKernel {
    RATE(true, true),
    INCREASE(true, true),
    DELTA(true, true),
    IRATE(false, false),
    IDELTA(false, false),
    DERIV(false, false),
    PREDICT_LINEAR(false, false),
    DOUBLE_EXPONENTIAL_SMOOTHING(false, false),
    RESETS(true, false),
    CHANGES(true, false),
    AVG_OVER_TIME(false, false),
    SUM_OVER_TIME(false, false),
    COUNT_OVER_TIME(false, false),
    MIN_OVER_TIME(false, false),
    MAX_OVER_TIME(false, false),
    FIRST_OVER_TIME(false, false),
    LAST_OVER_TIME(false, false),
    PRESENT_OVER_TIME(false, false),
    STDDEV_OVER_TIME(false, false),
    STDVAR_OVER_TIME(false, false),
    QUANTILE_OVER_TIME(false, false),
    MAD_OVER_TIME(false, false),
    TS_OF_MIN_OVER_TIME(false, false),
    TS_OF_MAX_OVER_TIME(false, false),
    TS_OF_FIRST_OVER_TIME(false, false),
    TS_OF_LAST_OVER_TIME(false, false);

    private static final RangeKernel[] ALL = values();
    private static final String ANCHORED_SAFE = safeNames(true);
    private static final String SMOOTHED_SAFE = safeNames(false);

    private final boolean anchoredSafe;
    private final boolean smoothedSafe;
    private final String functionName;

    RangeKernel(boolean anchoredSafe, boolean smoothedSafe) {
        this.anchoredSafe = anchoredSafe;
        this.smoothedSafe = smoothedSafe;
        this.functionName = name().toLowerCase(Locale.ROOT);
    }

    /** The kernel of a PromQL function name, or null if the function is not a float range kernel. */
    public static RangeKernel forName(String name) {
        for (RangeKernel k : ALL) {
            if (k.functionName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The PromQL function name, e.g. "ts_of_max_over_time". */
    public String functionName() {
        return functionName;
    }

    /** Whether the function accepts an {@code anchored} selector (Prometheus's AnchoredSafeFunctions). */
    public boolean anchoredSafe() {
        return anchoredSafe;
    }

    /** Whether the function accepts a {@code smoothed} selector (Prometheus's SmoothedSafeFunctions). */
    public boolean smoothedSafe() {
        return smoothedSafe;
    }

    /** Whether the function reads start timestamps (rate, increase, irate, resets; delta treats a gauge). */
    public boolean usesStartTimes() {
        return this == RATE || this == INCREASE || this == IRATE || this == RESETS;
    }

    /**
     * Whether the function extrapolates a counter over the window (rate, increase): the evaluator warns
     * when start timestamps overlap and notes metric names that do not look like counters.
     */
    public boolean extrapolatesCounter() {
        return this == RATE || this == INCREASE;
    }

    /**
     * Whether {@link #evaluate} takes the series' prefix counts ({@link #prefixCounts}): rate and increase
     * skip the reset scan of windows without a reset, resets and changes take a window's count as the
     * difference of two prefix counts, so each window costs O(1) instead of its length.
     */
    public boolean usesPrefixCounts() {
        return extrapolatesCounter() || this == RESETS || this == CHANGES;
    }

    /**
     * Fills {@code out[0..n)} with the prefix counts {@link #evaluate} takes for this function over one
     * series: {@link RangeFunctions#changeCounts} for changes, else {@link RangeFunctions#resetCounts} (with
     * the start timestamps {@code st} that {@link #evaluate} is given, or null). {@code out} must hold
     * {@code n} ints. Precondition: {@link #usesPrefixCounts()}.
     */
    public void prefixCounts(double[] vs, long[] ts, long[] st, int n, int[] out) {
        if (this == CHANGES) {
            RangeFunctions.changeCounts(vs, n, out);
        } else {
            RangeFunctions.resetCounts(vs, ts, st, n, out);
        }
    }

    /** Whether the output keeps the metric name (first_over_time, last_over_time). */
    public boolean keepsMetricName() {
        return this == FIRST_OVER_TIME || this == LAST_OVER_TIME;
    }

    /** Whether {@link #evaluate} needs a {@code scratch} array as long as the widest window. */
    public boolean needsScratch() {
        return this == QUANTILE_OVER_TIME || this == MAD_OVER_TIME;
    }

    /**
     * Evaluates one plain range window per step (the samples in {@code (rangeStart, rangeEnd]}): for each
     * step {@code i < windowEnd.length}, the window {@code [lo[i], hi[i])} of the range
     * {@code (windowEnd[i] - rangeMs, windowEnd[i]]}. Where Prometheus emits a sample, it is written to
     * {@code out[i]} and {@code present[i]} is set; other steps are left untouched. The loop over steps is
     * here, not in the caller, so that the whole per-series pass compiles as one loop with a table switch.
     *
     * @param st start timestamps, or null; read only if {@link #usesStartTimes()}
     * @param evalTimes the evaluation time of each step (predict_linear extrapolates from it)
     * @param p0 per step, the first scalar argument: φ of quantile_over_time, the seconds of predict_linear,
     *     the smoothing factor of double_exponential_smoothing; else ignored (may be null)
     * @param p1 per step, the trend factor of double_exponential_smoothing; else ignored (may be null)
     * @param counts for {@link #usesPrefixCounts()}: {@link #prefixCounts} over the series (with the same
     *     {@code st}), or null to scan each window; else ignored
     * @param scratch for {@link #needsScratch()}: at least as many doubles as the widest window,
     *     overwritten; else ignored (may be null)
     */
    public void evaluate(long[] ts, double[] vs, long[] st, int[] lo, int[] hi, long[] windowEnd, long rangeMs,
            long[] evalTimes, double[] p0, double[] p1, int[] counts, double[] scratch, double[] out, boolean[] present) {
        for (int i = 0; i < windowEnd.length; i++) {
            int from = lo[i];
            int to = hi[i];
            int n = to - from;
            if (n < 1) {
                continue;
            }
            long end = windowEnd[i];
            long start = end - rangeMs;
            double v;
            switch (this) {
                case RATE, INCREASE, DELTA -> {
                    boolean counter = this != DELTA;
                    if (!RangeFunctions.extrapolatedRateHasOutput(ts, st, from, to, start, counter)) {
                        continue;
                    }
                    boolean hasReset = counts == null || counts[to - 1] != counts[from];
                    v = RangeFunctions.extrapolatedRate(ts, vs, st, from, to, start, end, counter, this == RATE, hasReset);
                }
                case IRATE, IDELTA -> {
                    if (!RangeFunctions.instantValueHasOutput(ts, from, to)) {
                        continue;
                    }
                    v = RangeFunctions.instantValue(ts, vs, st, from, to, this == IRATE);
                }
                case DERIV -> {
                    if (!RangeFunctions.regressionHasOutput(n)) {
                        continue;
                    }
                    v = RangeFunctions.deriv(ts, vs, from, to);
                }
                case PREDICT_LINEAR -> {
                    if (!RangeFunctions.regressionHasOutput(n)) {
                        continue;
                    }
                    v = RangeFunctions.predictLinear(ts, vs, from, to, evalTimes[i], p0[i]);
                }
                case DOUBLE_EXPONENTIAL_SMOOTHING -> {
                    if (!RangeFunctions.doubleExponentialSmoothingHasOutput(n)) {
                        continue;
                    }
                    v = RangeFunctions.doubleExponentialSmoothing(vs, from, to, p0[i], p1[i]);
                }
                case RESETS, CHANGES -> {
                    if (counts != null) {
                        v = counts[to - 1] - counts[from];
                    } else if (this == RESETS) {
                        v = RangeFunctions.resets(vs, ts, st, from, to);
                    } else {
                        v = RangeFunctions.changes(vs, from, to);
                    }
                }
                case AVG_OVER_TIME -> v = OverTimeFunctions.avg(vs, from, to);
                case SUM_OVER_TIME -> v = OverTimeFunctions.sum(vs, from, to);
                case COUNT_OVER_TIME -> v = OverTimeFunctions.count(n);
                case MIN_OVER_TIME -> v = OverTimeFunctions.min(vs, from, to);
                case MAX_OVER_TIME -> v = OverTimeFunctions.max(vs, from, to);
                case FIRST_OVER_TIME -> v = OverTimeFunctions.first(vs, from, to);
                case LAST_OVER_TIME -> v = OverTimeFunctions.last(vs, from, to);
                case PRESENT_OVER_TIME -> v = OverTimeFunctions.present();
                case STDDEV_OVER_TIME -> v = OverTimeFunctions.stddev(vs, from, to);
                case STDVAR_OVER_TIME -> v = OverTimeFunctions.stdvar(vs, from, to);
                case QUANTILE_OVER_TIME -> v = OverTimeFunctions.quantile(p0[i], vs, from, to, scratch);
                case MAD_OVER_TIME -> v = OverTimeFunctions.mad(vs, from, to, scratch);
                case TS_OF_MIN_OVER_TIME -> v = OverTimeFunctions.tsOfMin(ts, vs, from, to);
                case TS_OF_MAX_OVER_TIME -> v = OverTimeFunctions.tsOfMax(ts, vs, from, to);
                case TS_OF_FIRST_OVER_TIME -> v = OverTimeFunctions.tsSeconds(ts[from]);
                case TS_OF_LAST_OVER_TIME -> v = OverTimeFunctions.tsSeconds(ts[to - 1]);
                default -> throw new IllegalStateException(name());
            }
            out[i] = v;
            present[i] = true;
        }
    }

    /**
     * {@link #evaluate} for the extended windows of an {@code anchored} selector (the samples in
     * {@code (rangeStart - lookback, rangeEnd]}) or a {@code smoothed} one ({@code (rangeStart - lookback,
     * rangeEnd + lookback]}): per step {@code i}, the window {@code [lo[i], hi[i])} around the range
     * {@code (windowEnd[i] - rangeMs, windowEnd[i]]}. Precondition: {@link #anchoredSafe()}, or
     * {@link #smoothedSafe()} if {@code smoothed}.
     *
     * @param st start timestamps, or null; read only if {@link #usesStartTimes()}
     */
    public void evaluateExtended(long[] ts, double[] vs, long[] st, int[] lo, int[] hi, long[] windowEnd, long rangeMs,
            boolean smoothed, double[] out, boolean[] present) {
        if (smoothed ? !smoothedSafe : !anchoredSafe) {
            throw new IllegalStateException(name() + " takes no " + (smoothed ? "smoothed" : "anchored") + " selector");
        }
        for (int i = 0; i < windowEnd.length; i++) {
            int from = lo[i];
            int to = hi[i];
            if (to - from < 1) {
                continue;
            }
            long end = windowEnd[i];
            long start = end - rangeMs;
            double v;
            if (this == RESETS || this == CHANGES) {
                int first = RangeFunctions.countingStart(ts, from, to, start, true);
                if (first < 0) {
                    continue;
                }
                v = this == RESETS ? RangeFunctions.resets(vs, ts, st, first, to) : RangeFunctions.changes(vs, first, to);
            } else {
                if (!RangeFunctions.extendedRateHasOutput(ts, from, to, start, end, smoothed)) {
                    continue;
                }
                v = RangeFunctions.extendedRate(ts, vs, from, to, start, end, smoothed, this != DELTA, this == RATE);
            }
            out[i] = v;
            present[i] = true;
        }
    }

    /** "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with deriv". */
    public static String anchoredNotAllowedMessage(String function) {
        return "anchored modifier can only be used with: " + ANCHORED_SAFE + " - not with " + function;
    }

    /** "smoothed modifier can only be used with: delta, increase, rate - not with deriv". */
    public static String smoothedNotAllowedMessage(String function) {
        return "smoothed modifier can only be used with: " + SMOOTHED_SAFE + " - not with " + function;
    }

    /** The names of the anchored-safe (or smoothed-safe) functions, sorted as Prometheus lists them. */
    private static String safeNames(boolean anchored) {
        return Arrays.stream(values())
            .filter(k -> anchored ? k.anchoredSafe : k.smoothedSafe)
            .map(RangeKernel::functionName)
            .sorted()
            .collect(Collectors.joining(", "));
    }
}
