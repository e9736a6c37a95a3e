package dev.narthex.promql.functions;

import java.util.Locale;

/**
 * Kernels of the PromQL functions that look at the shape of a float series over a range:
 * {@code rate}, {@code increase}, {@code delta} (plain, {@code anchored} and {@code smoothed}),
 * {@code irate}, {@code idelta}, {@code deriv}, {@code predict_linear}, {@code resets},
 * {@code changes} and {@code double_exponential_smoothing}, with Prometheus 3's exact arithmetic.
 *
 * <p>A window is {@code (long[] ts, double[] vs, int from, int to)}: the float samples of one series
 * at indices {@code [from, to)}, ascending times in milliseconds, stale markers removed. For plain
 * range selectors the window holds the samples in the left-open range {@code (rangeStart, rangeEnd]};
 * for {@code anchored} selectors the evaluator also includes the lookback before it
 * ({@code (rangeStart - lookbackDelta, rangeEnd]}) and for {@code smoothed} selectors the lookback on
 * both sides ({@code (rangeStart - lookbackDelta, rangeEnd + lookbackDelta]}). Each kernel documents
 * its precondition; the {@code ...HasOutput} helpers tell the caller when Prometheus emits no sample.
 * Native histograms are not handled here; start timestamps only where a method takes {@code st}.
 * All methods are pure, allocate nothing, and are thread-safe.
 */
public final class RangeFunctions {
    private RangeFunctions() {
    }

    /** Go's {@code time.Duration.Seconds()} for a duration of {@code ms} milliseconds. */
    public static double durationSeconds(long ms) {
        long sec = ms / 1000;
        long nsec = (ms % 1000) * 1_000_000L;
        // Whole seconds (every rate window in practice) need no division: sec + 0.0 is sec.
        return nsec == 0 ? sec : sec + nsec / 1e9;
    }

    /**
     * Counts counter resets for {@link #extrapolatedRate} and {@link #resets}: {@code out[i]} becomes the number of
     * indices {@code 1 <= j <= i} where sample {@code j} restarts the counter (its value dropped below
     * {@code vs[j - 1]}, or its start timestamp says so, see {@link #isStartTimeReset}), so a window
     * {@code [from, to)} holds {@code out[to - 1] - out[from]} resets. {@code st} null means no sample
     * has a start timestamp.
     */
    public static void resetCounts(double[] vs, long[] ts, long[] st, int n, int[] out) {
        int c = 0;
        if (n > 0) {
            out[0] = 0;
        }
        for (int i = 1; i < n; i++) {
            if (isReset(vs, ts, st, i)) {
                c++;
            }
            out[i] = c;
        }
    }

    /**
     * Counts value changes for {@code changes}: {@code out[i]} becomes the number of indices
     * {@code 1 <= j <= i} where {@code vs[j]} differs from {@code vs[j - 1]} (NaN to NaN is no change), so
     * a window {@code [from, to)} holds {@code out[to - 1] - out[from]} changes, as {@link #changes} counts.
     */
    public static void changeCounts(double[] vs, int n, int[] out) {
        int c = 0;
        if (n > 0) {
            out[0] = 0;
        }
        for (int i = 1; i < n; i++) {
            if (isChange(vs, i)) {
                c++;
            }
            out[i] = c;
        }
    }

    /** Whether sample {@code i}'s value differs from its predecessor's; two NaNs do not differ. */
    private static boolean isChange(double[] vs, int i) {
        double cur = vs[i];
        double prev = vs[i - 1];
        return cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev));
    }

    /** Whether sample {@code i} restarts the counter: its value dropped, or its start timestamp says so. */
    private static boolean isReset(double[] vs, long[] ts, long[] st, int i) {
        return vs[i] < vs[i - 1] || (st != null && isStartTimeReset(st[i - 1], ts[i - 1], st[i], ts[i]));
    }

    /**
     * Whether the current sample's start timestamp marks a counter reset since the previous sample, as
     * Prometheus decides it. An ST of 0 (unknown), at or after its own sample (invalid, or OTel's unknown
     * start) or before the previous sample (a cumulative counter's ongoing start) is no reset; one after
     * the previous sample is. One exactly at the previous sample is a delta's interval and counts as a
     * reset only when the previous sample had a known, valid start of its own (otherwise it is a
     * cumulative series whose start was unknown).
     */
    public static boolean isStartTimeReset(long prevSt, long prevT, long curSt, long curT) {
        if (curSt == 0 || curSt >= curT || curSt < prevT) {
            return false;
        }
        if (curSt > prevT) {
            return true;
        }
        if (prevSt > prevT) {
            return false;
        }
        return prevSt != 0 && prevSt != prevT;
    }

    /**
     * Whether the current sample's start timestamp overlaps the previous sample without continuing its
     * interval: known, before the previous sample, and not equal to the previous start (Prometheus warns).
     */
    public static boolean startTimeOverlaps(long prevSt, long prevT, long curSt) {
        return curSt != 0 && curSt < prevT && curSt != prevSt;
    }

    /** Whether a counter window {@code [from, to)} has a pair of samples whose start timestamps overlap. */
    public static boolean hasStartTimeOverlap(long[] ts, long[] st, int from, int to) {
        if (st == null) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            if (startTimeOverlaps(st[i - 1], ts[i - 1], st[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the first sample of a counter window has a start timestamp strictly inside
     * {@code (rangeStart, firstT)}: rate then assumes a zero sample at that time instead of
     * extrapolating to the left, which also gives a single sample a result.
     */
    public static boolean startsInsideWindow(long[] ts, long[] st, int from, long rangeStartMs) {
        return st != null && st[from] != 0 && st[from] > rangeStartMs && st[from] < ts[from];
    }

    /**
     * Whether {@link #extrapolatedRate} yields a sample for {@code [from, to)}: two samples, or one whose
     * start timestamp lies inside a counter's window.
     */
    public static boolean extrapolatedRateHasOutput(long[] ts, long[] st, int from, int to, long rangeStartMs,
            boolean isCounter) {
        int n = to - from;
        return n >= 2 || (n == 1 && isCounter && startsInsideWindow(ts, st, from, rangeStartMs));
    }

    /**
     * {@code rate} (counter, per second), {@code increase} (counter) and {@code delta} (gauge) over a
     * plain range: the change between the first and last sample, corrected for counter resets, and
     * extrapolated towards the range boundaries. Extrapolation to a boundary goes the whole way if the
     * gap is below 1.1× the average sample interval, otherwise half an average interval; for counters
     * the start is then limited to where the counter would have been zero.
     *
     * <p>Counters use the samples' start timestamps {@code st} (null: none) as Prometheus does: a
     * start-timestamp reset adds the previous value like a drop does, and when the first sample's start
     * lies inside the window a zero sample is assumed there instead of extrapolating to the left.
     * {@code hasReset} false says the window holds no reset of either kind (see {@link #resetCounts}),
     * which skips the scan for them without changing the result; true is always correct.
     *
     * <p>Precondition: {@link #extrapolatedRateHasOutput} is true for the same window.
     */
    public static double extrapolatedRate(long[] ts, double[] vs, long[] st, int from, int to, long rangeStartMs,
            long rangeEndMs, boolean isCounter, boolean isRate, boolean hasReset) {
        int last = to - 1;
        double first = vs[from];
        double result = vs[last] - first;
        if (isCounter && hasReset) {
            for (int i = from + 1; i <= last; i++) {
                if (isReset(vs, ts, st, i)) {
                    result += vs[i - 1];
                }
            }
        }
        long firstT = ts[from];
        long lastT = ts[last];
        double durationToStart = (double) (firstT - rangeStartMs) / 1000;
        double durationToEnd = (double) (rangeEndMs - lastT) / 1000;
        double sampledInterval = (double) (lastT - firstT) / 1000;
        double averageDurationBetweenSamples = last > from ? sampledInterval / (double) (last - from) : 0;
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;

        boolean startsInside = isCounter && startsInsideWindow(ts, st, from, rangeStartMs);
        if (startsInside) {
            // The counter started at st[from] from zero: that zero is the window's first point.
            durationToStart = 0;
            sampledInterval = (double) (lastT - st[from]) / 1000;
            result += first;
        } else if (durationToStart >= extrapolationThreshold) {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        if (isCounter && !startsInside) {
            // A counter cannot go below zero: limit the start extrapolation to the zero point,
            // after (and independently of) the threshold rule above.
            double durationToZero = durationToStart;
            if (result > 0 && first >= 0) {
                durationToZero = sampledInterval * (first / result);
            }
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        double factor = 1.0;
        if (sampledInterval != 0) {
            factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        }
        if (isRate) {
            factor /= durationSeconds(rangeEndMs - rangeStartMs);
        }
        return result * factor;
    }

    /**
     * Whether {@link #extendedRate} yields a sample. Precondition: {@code to - from >= 1}; the window
     * is the anchored or smoothed extended window described in the class comment.
     */
    public static boolean extendedRateHasOutput(long[] ts, int from, int to, long rangeStartMs, long rangeEndMs,
            boolean smoothed) {
        int last = to - 1;
        int first = Math.max(from, firstAfter(ts, from, last, rangeStartMs) - 1);
        if (smoothed) {
            last = firstAtOrAfter(ts, from, last, rangeEndMs);
        }
        if (ts[last] <= rangeStartMs) {
            return false;
        }
        return !(smoothed && ts[first] > rangeEndMs);
    }

    /**
     * {@code rate}/{@code increase}/{@code delta} over an {@code anchored} or {@code smoothed}
     * selector: no extrapolation. Anchored takes the last sample at or before the range start as the
     * left value; smoothed interpolates linearly at both boundaries (for counters, across a reset
     * from zero). Counter resets strictly inside the range are added back.
     *
     * <p>Precondition: {@link #extendedRateHasOutput} is true for the same arguments.
     */
    public static double extendedRate(long[] ts, double[] vs, int from, int to, long rangeStartMs, long rangeEndMs,
            boolean smoothed, boolean isCounter, boolean isRate) {
        int last = to - 1;
        int first = Math.max(from, firstAfter(ts, from, last, rangeStartMs) - 1);
        if (smoothed) {
            last = firstAtOrAfter(ts, from, last, rangeEndMs);
        }
        double left = (smoothed && ts[first] < rangeStartMs)
                ? interpolate(ts[first], vs[first], ts[first + 1], vs[first + 1], rangeStartMs, isCounter)
                : vs[first];
        double right = (smoothed && last > from && ts[last] > rangeEndMs)
                ? interpolate(ts[last - 1], vs[last - 1], ts[last], vs[last], rangeEndMs, isCounter)
                : vs[last];
        double result = right - left;
        if (isCounter) {
            // Only samples strictly inside the range can add resets; the boundary values already
            // account for resets next to the boundaries.
            int f = ts[first] <= rangeStartMs ? first + 1 : first;
            int l = ts[last] >= rangeEndMs ? last - 1 : last;
            double correction = 0;
            double prev = left;
            for (int i = f; i <= l; i++) {
                if (vs[i] < prev) {
                    correction += prev;
                }
                prev = vs[i];
            }
            if (right < prev) {
                correction += prev;
            }
            result += correction;
        }
        if (isRate) {
            result /= durationSeconds(rangeEndMs - rangeStartMs);
        }
        return result;
    }

    /** The value at {@code t} on the line through two samples; a counter reset restarts from zero. */
    static double interpolate(long t1, double v1, long t2, double v2, long t, boolean isCounter) {
        double y1 = v1;
        if (isCounter && v2 < v1) {
            y1 = 0;
        }
        return y1 + (v2 - y1) * (double) (t - t1) / (double) (t2 - t1);
    }

    /** Whether {@link #instantValue} yields a sample. */
    public static boolean instantValueHasOutput(long[] ts, int from, int to) {
        return to - from >= 2 && ts[to - 1] != ts[to - 2];
    }

    /**
     * {@code irate} ({@code isRate}) and {@code idelta} from the last two samples. For irate a drop is
     * a counter reset and the last value itself is the increase, as is a start-timestamp reset of the
     * last sample ({@code st} null: none).
     *
     * <p>Precondition: {@link #instantValueHasOutput} is true.
     */
    public static double instantValue(long[] ts, double[] vs, long[] st, int from, int to, boolean isRate) {
        double v0 = vs[to - 2];
        double v1 = vs[to - 1];
        double result = v1;
        if (!isRate || !isReset(vs, ts, st, to - 1)) {
            result = v1 - v0;
        }
        if (isRate) {
            result /= (double) (ts[to - 1] - ts[to - 2]) / 1000;
        }
        return result;
    }

    /** Whether {@link #deriv} and {@link #predictLinear} yield a sample. */
    public static boolean regressionHasOutput(int n) {
        return n >= 2;
    }

    /** {@code deriv}: the least-squares slope per second. Precondition: {@code to - from >= 2}. */
    public static double deriv(long[] ts, double[] vs, int from, int to) {
        return linearRegression(ts, vs, from, to, ts[from], 0, false);
    }

    /**
     * {@code predict_linear(v[range], t)}: the regression line evaluated {@code durationSeconds}
     * after the evaluation time. Precondition: {@code to - from >= 2}.
     */
    public static double predictLinear(long[] ts, double[] vs, int from, int to, long evalTsMs,
            double durationSeconds) {
        return linearRegression(ts, vs, from, to, evalTsMs, durationSeconds, true);
    }

    /**
     * Prometheus's Kahan-compensated least squares with x measured from interceptTime; returns the
     * slope, or with {@code predict} the line's value {@code durationSeconds} after interceptTime.
     */
    private static double linearRegression(long[] ts, double[] vs, int from, int to, long interceptTimeMs,
            double durationSeconds, boolean predict) {
        double n = 0;
        double sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        double initY = vs[from];
        boolean constY = true;
        for (int i = from; i < to; i++) {
            double y = vs[i];
            if (constY && i > from && y != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (double) (ts[i] - interceptTimeMs) / 1e3;
            cX = KahanSum.compensation(x, sumX, cX);
            sumX += x;
            cY = KahanSum.compensation(y, sumY, cY);
            sumY += y;
            double xy = x * y;
            cXY = KahanSum.compensation(xy, sumXY, cXY);
            sumXY += xy;
            double x2 = x * x;
            cX2 = KahanSum.compensation(x2, sumX2, cX2);
            sumX2 += x2;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return Double.NaN;
            }
            return predict ? 0 * durationSeconds + initY : 0;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        if (!predict) {
            return slope;
        }
        double intercept = sumY / n - slope * sumX / n;
        return slope * durationSeconds + intercept;
    }

    /**
     * The first index {@code resets}/{@code changes} start from. Plain selectors start at
     * {@code from}. Anchored selectors (whose window includes the lookback) start at the last sample at
     * or before the range start, or {@code from} if there is none; -1 means no sample lies inside the
     * range and Prometheus emits nothing.
     */
    public static int countingStart(long[] ts, int from, int to, long rangeStartMs, boolean anchored) {
        if (!anchored) {
            return from;
        }
        int after = firstAfter(ts, from, to, rangeStartMs);
        if (after >= to) {
            return -1;
        }
        return after == from ? from : after - 1;
    }

    /**
     * {@code resets}: how often the counter restarted, by a drop in value or a start-timestamp reset
     * ({@code st} null: none). Precondition: {@code to - from >= 1}.
     */
    public static double resets(double[] vs, long[] ts, long[] st, int from, int to) {
        int resets = 0;
        for (int i = from + 1; i < to; i++) {
            if (isReset(vs, ts, st, i)) {
                resets++;
            }
        }
        return resets;
    }

    /** {@code changes}: how often the value changed, NaN to NaN not counting. Precondition: {@code to - from >= 1}. */
    public static double changes(double[] vs, int from, int to) {
        int changes = 0;
        for (int i = from + 1; i < to; i++) {
            if (isChange(vs, i)) {
                changes++;
            }
        }
        return changes;
    }

    /** Whether a smoothing or trend factor is rejected (Prometheus fails the query; NaN passes). */
    public static boolean invalidSmoothingFactor(double factor) {
        return factor <= 0 || factor >= 1;
    }

    /** The query error for a rejected smoothing factor. */
    public static String invalidSmoothingFactorMessage(double sf) {
        return "invalid smoothing factor. Expected: 0 < sf < 1, got: " + goPercentF(sf);
    }

    /** The query error for a rejected trend factor. */
    public static String invalidTrendFactorMessage(double tf) {
        return "invalid trend factor. Expected: 0 < tf < 1, got: " + goPercentF(tf);
    }

    private static String goPercentF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%f", v);
    }

    /** Whether {@link #doubleExponentialSmoothing} yields a sample. */
    public static boolean doubleExponentialSmoothingHasOutput(int n) {
        return n >= 2;
    }

    /**
     * {@code double_exponential_smoothing(v[range], sf, tf)} (Holt's linear method, formerly
     * {@code holt_winters}). Precondition: {@code to - from >= 2} and both factors validated.
     */
    public static double doubleExponentialSmoothing(double[] vs, int from, int to, double sf, double tf) {
        double s0 = 0;
        double s1 = vs[from];
        double b = vs[from + 1] - vs[from];
        for (int i = from + 1; i < to; i++) {
            double x = sf * vs[i];
            if (i - 1 > from) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }

    /** Index of the first sample in {@code [from, to)} with {@code ts > t}, or {@code to}. */
    static int firstAfter(long[] ts, int from, int to, long t) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Index of the first sample in {@code [from, to)} with {@code ts >= t}, or {@code to}. */
    static int firstAtOrAfter(long[] ts, int from, int to, long t) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
