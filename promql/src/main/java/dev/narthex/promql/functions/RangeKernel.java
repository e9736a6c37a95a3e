package dev.narthex.promql.functions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The PromQL functions over a range vector of floats, resolved once per call by name
 * ({@link #forName}) and then applied to every step's window with {@link #evaluate} (plain
 * selectors and subqueries) or {@link #evaluateExtended} ({@code anchored}/{@code smoothed}
 * selectors). Each is a table switch over this enum, so the evaluator's per-step loop makes one
 * monomorphic call per window and allocates nothing. The arithmetic is in {@link RangeFunctions}
 * and {@link OverTimeFunctions}; this is the one place that maps a function to it and decides when
 * Prometheus emits no sample.
 *
 * <p>Windows are the float samples of one series at indices {@code [lo, hi)} of ascending
 * millisecond times {@code ts}, values {@code vs} and start timestamps {@code st} (null when no
 * sample has one; only functions with {@link #usesStartTimes()} look at them). Sliding the window
 * bounds, warnings, histogram samples and the validation of scalar arguments (e.g.
 * {@link RangeFunctions#invalidSmoothingFactor}, {@link Quantiles#isInvalidQuantile}) are the
 * evaluator's. Stateless and thread-safe; the arrays passed in are only read, except
 * {@code scratch} and {@code out}.
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
     * Whether the function extrapolates a counter over the window (rate, increase): the evaluator passes
     * it the series' counter-reset prefix counts, warns when start timestamps overlap and notes metric
     * names that do not look like counters.
     */
    public boolean extrapolatesCounter() {
        return this == RATE || this == INCREASE;
    }

    /** Whether the output keeps the metric name (first_over_time, last_over_time). */
    public boolean keepsMetricName() {
        return this == FIRST_OVER_TIME || this == LAST_OVER_TIME;
    }

    /** Whether {@link #evaluate} needs a {@code scratch} array of at least {@code hi - lo} doubles. */
    public boolean needsScratch() {
        return this == QUANTILE_OVER_TIME || this == MAD_OVER_TIME;
    }

    /**
     * Evaluates the window {@code [lo, hi)} of a plain range (the samples in {@code (rangeStart, rangeEnd]}):
     * returns whether Prometheus emits a sample, which is then written to {@code out[i]}.
     *
     * @param st start timestamps, or null; read only if {@link #usesStartTimes()}
     * @param evalTsMs the evaluation time (predict_linear extrapolates from it)
     * @param p0 the first scalar argument: φ of quantile_over_time, the seconds of predict_linear,
     *     the smoothing factor of double_exponential_smoothing; else ignored
     * @param p1 the trend factor of double_exponential_smoothing; else ignored
     * @param resets for {@link #extrapolatesCounter()}: {@link RangeFunctions#resetCounts} over the series
     *     (with the same {@code st}), or null to look for resets in the window; else ignored
     * @param scratch for {@link #needsScratch()}: at least {@code hi - lo} doubles, overwritten; else ignored
     */
    public boolean evaluate(long[] ts, double[] vs, long[] st, int lo, int hi, long rangeStartMs, long rangeEndMs,
            long evalTsMs, double p0, double p1, int[] resets, double[] scratch, double[] out, int i) {
        int n = hi - lo;
        if (n < 1) {
            return false;
        }
        double v;
        switch (this) {
            case RATE, INCREASE, DELTA -> {
                boolean counter = this != DELTA;
                if (!RangeFunctions.extrapolatedRateHasOutput(ts, st, lo, hi, rangeStartMs, counter)) {
                    return false;
                }
                boolean hasReset = resets == null || resets[hi - 1] != resets[lo];
                v = RangeFunctions.extrapolatedRate(ts, vs, st, lo, hi, rangeStartMs, rangeEndMs, counter, this == RATE,
                    hasReset);
            }
            case IRATE, IDELTA -> {
                if (!RangeFunctions.instantValueHasOutput(ts, lo, hi)) {
                    return false;
                }
                v = RangeFunctions.instantValue(ts, vs, st, lo, hi, this == IRATE);
            }
            case DERIV -> {
                if (!RangeFunctions.regressionHasOutput(n)) {
                    return false;
                }
                v = RangeFunctions.deriv(ts, vs, lo, hi);
            }
            case PREDICT_LINEAR -> {
                if (!RangeFunctions.regressionHasOutput(n)) {
                    return false;
                }
                v = RangeFunctions.predictLinear(ts, vs, lo, hi, evalTsMs, p0);
            }
            case DOUBLE_EXPONENTIAL_SMOOTHING -> {
                if (!RangeFunctions.doubleExponentialSmoothingHasOutput(n)) {
                    return false;
                }
                v = RangeFunctions.doubleExponentialSmoothing(vs, lo, hi, p0, p1);
            }
            case RESETS -> v = RangeFunctions.resets(vs, ts, st, lo, hi);
            case CHANGES -> v = RangeFunctions.changes(vs, lo, hi);
            case AVG_OVER_TIME -> v = OverTimeFunctions.avg(vs, lo, hi);
            case SUM_OVER_TIME -> v = OverTimeFunctions.sum(vs, lo, hi);
            case COUNT_OVER_TIME -> v = OverTimeFunctions.count(n);
            case MIN_OVER_TIME -> v = OverTimeFunctions.min(vs, lo, hi);
            case MAX_OVER_TIME -> v = OverTimeFunctions.max(vs, lo, hi);
            case FIRST_OVER_TIME -> v = OverTimeFunctions.first(vs, lo, hi);
            case LAST_OVER_TIME -> v = OverTimeFunctions.last(vs, lo, hi);
            case PRESENT_OVER_TIME -> v = OverTimeFunctions.present();
            case STDDEV_OVER_TIME -> v = OverTimeFunctions.stddev(vs, lo, hi);
            case STDVAR_OVER_TIME -> v = OverTimeFunctions.stdvar(vs, lo, hi);
            case QUANTILE_OVER_TIME -> v = OverTimeFunctions.quantile(p0, vs, lo, hi, scratch);
            case MAD_OVER_TIME -> v = OverTimeFunctions.mad(vs, lo, hi, scratch);
            case TS_OF_MIN_OVER_TIME -> v = OverTimeFunctions.tsOfMin(ts, vs, lo, hi);
            case TS_OF_MAX_OVER_TIME -> v = OverTimeFunctions.tsOfMax(ts, vs, lo, hi);
            case TS_OF_FIRST_OVER_TIME -> v = OverTimeFunctions.tsSeconds(ts[lo]);
            case TS_OF_LAST_OVER_TIME -> v = OverTimeFunctions.tsSeconds(ts[hi - 1]);
            default -> throw new IllegalStateException(name());
        }
        out[i] = v;
        return true;
    }

    /**
     * Evaluates the extended window {@code [lo, hi)} of an {@code anchored} selector (the samples in
     * {@code (rangeStart - lookback, rangeEnd]}) or a {@code smoothed} one ({@code (rangeStart - lookback,
     * rangeEnd + lookback]}): returns whether Prometheus emits a sample, which is then written to
     * {@code out[i]}. Precondition: {@link #anchoredSafe()}, or {@link #smoothedSafe()} if {@code smoothed}.
     *
     * @param st start timestamps, or null; read only if {@link #usesStartTimes()}
     */
    public boolean evaluateExtended(long[] ts, double[] vs, long[] st, int lo, int hi, long rangeStartMs,
            long rangeEndMs, boolean smoothed, double[] out, int i) {
        if (hi - lo < 1) {
            return false;
        }
        double v;
        switch (this) {
            case RATE, INCREASE, DELTA -> {
                if (!RangeFunctions.extendedRateHasOutput(ts, lo, hi, rangeStartMs, rangeEndMs, smoothed)) {
                    return false;
                }
                v = RangeFunctions.extendedRate(ts, vs, lo, hi, rangeStartMs, rangeEndMs, smoothed, this != DELTA,
                    this == RATE);
            }
            case RESETS, CHANGES -> {
                int from = RangeFunctions.countingStart(ts, lo, hi, rangeStartMs, true);
                if (from < 0) {
                    return false;
                }
                v = this == RESETS ? RangeFunctions.resets(vs, ts, st, from, hi) : RangeFunctions.changes(vs, from, hi);
            }
            default -> throw new IllegalStateException(name() + " takes no anchored or smoothed selector");
        }
        out[i] = v;
        return true;
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
