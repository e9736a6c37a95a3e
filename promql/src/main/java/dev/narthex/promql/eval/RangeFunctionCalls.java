package dev.narthex.promql.eval;

import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.functions.Annotations;
import dev.narthex.promql.functions.OverTimeFunctions;
import dev.narthex.promql.functions.Quantiles;
import dev.narthex.promql.functions.RangeFunctions;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions over range vectors. Each series' samples are read once; the window {@code (end - range, end]}
 * of every step is found by sliding its bounds forward and handed to a kernel as index bounds.
 */
final class RangeFunctionCalls {
    private static final String ANCHORED_ALLOWED = "changes, delta, increase, rate, resets";
    private static final String SMOOTHED_ALLOWED = "delta, increase, rate";

    private RangeFunctionCalls() {
    }

    static StepVector apply(FunctionCalls f, Call c, long[] times) {
        String name = c.func().name();
        EvalContext ctx = f.context();
        Evaluator ev = f.evaluator();
        int matrixArg = name.equals("quantile_over_time") ? 1 : 0;
        Expr arg = c.args().get(matrixArg);
        double[] p0 = null;
        double[] p1 = null;
        if (name.equals("quantile_over_time")) {
            p0 = (double[]) ev.eval(c.args().get(0), times);
            for (double q : p0) {
                if (Quantiles.isInvalidQuantile(q)) {
                    ctx.warnings.add(Annotations.invalidQuantile(q));
                }
            }
        } else if (name.equals("predict_linear")) {
            p0 = (double[]) ev.eval(c.args().get(1), times);
        } else if (name.equals("double_exponential_smoothing")) {
            p0 = (double[]) ev.eval(c.args().get(1), times);
            p1 = (double[]) ev.eval(c.args().get(2), times);
        }
        MatrixSelector ms = matrixSelector(arg);
        boolean anchored = ms != null && ms.selector().anchored();
        boolean smoothed = ms != null && ms.selector().smoothed();
        if (anchored && !ANCHORED_ALLOWED.contains(name)) {
            throw new PromqlException(ErrorType.BAD_DATA, "anchored modifier can only be used with: " + ANCHORED_ALLOWED + " - not with " + name);
        }
        if (smoothed && !SMOOTHED_ALLOWED.contains(name)) {
            throw new PromqlException(ErrorType.BAD_DATA, "smoothed modifier can only be used with: " + SMOOTHED_ALLOWED + " - not with " + name);
        }
        long extraBefore = anchored || smoothed ? ctx.lookbackMs : 0;
        long extraAfter = smoothed ? ctx.lookbackMs : 0;
        int steps = times.length;
        if (name.equals("absent_over_time")) {
            RangeInput in = ms != null ? ev.matrixSelector(ms, times, extraBefore, extraAfter) : (RangeInput) ev.eval(arg, times);
            return absentOverTime(in, ms != null ? FunctionCalls.absentLabels(ms) : Labels.EMPTY, steps);
        }
        // a selector's series are read inside the per-series pass; any other argument (a subquery) is evaluated first
        Evaluator.RangeSelection sel = ms != null ? ev.selectRange(ms, times, extraBefore, extraAfter) : null;
        RangeInput in = ms != null ? null : (RangeInput) ev.eval(arg, times);
        if (name.equals("double_exponential_smoothing")) {
            for (int i = 0; i < steps; i++) {
                if (RangeFunctions.invalidSmoothingFactor(p0[i])) {
                    throw new PromqlException(ErrorType.EXECUTION, RangeFunctions.invalidSmoothingFactorMessage(p0[i]));
                }
                if (RangeFunctions.invalidSmoothingFactor(p1[i])) {
                    throw new PromqlException(ErrorType.EXECUTION, RangeFunctions.invalidTrendFactorMessage(p1[i]));
                }
            }
        }
        boolean counterCheck = ms != null && (name.equals("rate") || name.equals("increase"));
        Windows windows = new Windows(Kernel.of(name), name, times, in != null ? in.windowEnd : sel.windowEnd(),
            in != null ? in.rangeMs : sel.rangeMs(), anchored, smoothed, ctx.lookbackMs, p0, p1);
        Object[] results;
        if (in == null) {
            // read and evaluate each series in one pass while its samples are in the thread's buffer
            results = ParallelSeries.map(ctx, sel.series().size(), steps + sel.estimatedSamples(), (k, buffer) -> {
                int n = sel.read(k, buffer);
                return n == 0 ? null : windows.series(sel.series().get(k).labels(), false, buffer.timestamps(), buffer.values(), n);
            });
        } else {
            long samples = 0;
            for (RangeInput.Series s : in.series) {
                samples += s.size();
            }
            long workPerSeries = steps + (in.series.isEmpty() ? 0 : samples / in.series.size());
            results = ParallelSeries.map(ctx, in.series.size(), workPerSeries, (k, buffer) -> {
                RangeInput.Series s = in.series.get(k);
                return windows.series(s.labels(), s.dropName(), s.timestamps(), s.values(), s.size());
            });
        }
        long widestWindow = 0;
        List<StepSeries> out = new ArrayList<>();
        for (Object result : results) {
            if (result == null) {
                continue;
            }
            SeriesResult r = (SeriesResult) result;
            widestWindow = Math.max(widestWindow, r.widest());
            StepSeries o = r.series();
            if (o != null) {
                out.add(o);
                if (counterCheck) {
                    String metric = o.labels.metricName();
                    if (!metric.isEmpty() && !metric.endsWith("_total") && !metric.endsWith("_sum") && !metric.endsWith("_count")
                            && !metric.endsWith("_bucket")) {
                        ctx.infos.add(Annotations.possibleNonCounter(metric));
                    }
                }
            }
        }
        // as in Prometheus, one series' window is held at a time, on top of the results
        for (StepSeries o : out) {
            ctx.addSamples(o.pointCount());
        }
        ctx.addSamples(widestWindow);
        ctx.releaseSamples(widestWindow);
        return new StepVector(steps, out);
    }

    /** The range functions, resolved once per call so that the per-step dispatch is a table switch. */
    private enum Kernel {
        RATE, INCREASE, DELTA, IRATE, IDELTA, DERIV, PREDICT_LINEAR, DOUBLE_EXPONENTIAL_SMOOTHING, RESETS, CHANGES,
        AVG_OVER_TIME, SUM_OVER_TIME, COUNT_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME,
        PRESENT_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, QUANTILE_OVER_TIME, MAD_OVER_TIME, TS_OF_MIN_OVER_TIME,
        TS_OF_MAX_OVER_TIME, TS_OF_FIRST_OVER_TIME, TS_OF_LAST_OVER_TIME;

        /** The kernel of function {@code name}, or null if it has none. */
        static Kernel of(String name) {
            for (Kernel k : values()) {
                if (k.name().equalsIgnoreCase(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** One range-function call's per-step windows, applied to one series at a time (thread-safe: no mutable state). */
    private static final class Windows {
        private final Kernel kernel;
        private final String name;
        private final long[] times;
        private final long[] windowEnd;
        private final long rangeMs;
        private final boolean anchored;
        private final boolean smoothed;
        private final long lookback;
        private final double[] p0;
        private final double[] p1;
        private final boolean keepsName;

        Windows(Kernel kernel, String name, long[] times, long[] windowEnd, long rangeMs, boolean anchored, boolean smoothed,
                long lookback, double[] p0, double[] p1) {
            this.kernel = kernel;
            this.name = name;
            this.times = times;
            this.windowEnd = windowEnd;
            this.rangeMs = rangeMs;
            this.anchored = anchored;
            this.smoothed = smoothed;
            this.lookback = lookback;
            this.p0 = p0;
            this.p1 = p1;
            this.keepsName = kernel == Kernel.LAST_OVER_TIME || kernel == Kernel.FIRST_OVER_TIME;
        }

        /** Evaluates every step's window over one series' samples {@code ts/vs[0..n)}. */
        SeriesResult series(Labels labels, boolean dropName, long[] ts, double[] vs, int n) {
            Scratch scratch = SCRATCH.get();
            int[] resets = null;
            if (kernel == Kernel.RATE || kernel == Kernel.INCREASE || kernel == Kernel.DELTA) {
                resets = scratch.ints(n);
                RangeFunctions.resetCounts(vs, n, resets);
            }
            int steps = windowEnd.length;
            long widest = 0;
            StepSeries o = null;
            // window ends never decrease, so the bounds slide forward over the series once
            int lo = 0;
            int hi = 0;
            int xlo = 0;
            int xhi = 0;
            for (int i = 0; i < steps; i++) {
                long end = windowEnd[i];
                long start = end - rangeMs;
                lo = slide(ts, n, lo, start);
                hi = slide(ts, n, hi, end);
                widest = Math.max(widest, hi - lo);
                double v;
                if (anchored || smoothed) {
                    xlo = slide(ts, n, xlo, start - lookback);
                    xhi = smoothed ? slide(ts, n, xhi, end + lookback) : hi;
                    widest = Math.max(widest, xhi - xlo);
                    if (xhi - xlo < 1) {
                        continue;
                    }
                    if (kernel == Kernel.RESETS || kernel == Kernel.CHANGES) {
                        int from = RangeFunctions.countingStart(ts, xlo, xhi, start, true);
                        if (from < 0) {
                            continue;
                        }
                        v = kernel == Kernel.RESETS ? RangeFunctions.resets(vs, from, xhi) : RangeFunctions.changes(vs, from, xhi);
                    } else {
                        if (!RangeFunctions.extendedRateHasOutput(ts, xlo, xhi, start, end, smoothed)) {
                            continue;
                        }
                        v = RangeFunctions.extendedRate(ts, vs, xlo, xhi, start, end, smoothed, kernel != Kernel.DELTA,
                            kernel == Kernel.RATE);
                    }
                } else {
                    int w = hi - lo;
                    if (w < 1) {
                        continue;
                    }
                    if (kernel == null) {
                        throw new PromqlException(ErrorType.EXECUTION, "function " + name + " is not implemented");
                    }
                    switch (kernel) {
                        case RATE, INCREASE, DELTA -> {
                            if (!RangeFunctions.extrapolatedRateHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.extrapolatedRate(ts, vs, lo, hi, start, end, kernel != Kernel.DELTA,
                                kernel == Kernel.RATE, resets[hi - 1] != resets[lo]);
                        }
                        case IRATE, IDELTA -> {
                            if (!RangeFunctions.instantValueHasOutput(ts, lo, hi)) {
                                continue;
                            }
                            v = RangeFunctions.instantValue(ts, vs, lo, hi, kernel == Kernel.IRATE);
                        }
                        case DERIV -> {
                            if (!RangeFunctions.regressionHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.deriv(ts, vs, lo, hi);
                        }
                        case PREDICT_LINEAR -> {
                            if (!RangeFunctions.regressionHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.predictLinear(ts, vs, lo, hi, times[i], p0[i]);
                        }
                        case DOUBLE_EXPONENTIAL_SMOOTHING -> {
                            if (!RangeFunctions.doubleExponentialSmoothingHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.doubleExponentialSmoothing(vs, lo, hi, p0[i], p1[i]);
                        }
                        case RESETS -> v = RangeFunctions.resets(vs, lo, hi);
                        case CHANGES -> v = RangeFunctions.changes(vs, lo, hi);
                        case AVG_OVER_TIME -> v = OverTimeFunctions.avg(vs, lo, hi);
                        case SUM_OVER_TIME -> v = OverTimeFunctions.sum(vs, lo, hi);
                        case COUNT_OVER_TIME -> v = OverTimeFunctions.count(w);
                        case MIN_OVER_TIME -> v = OverTimeFunctions.min(vs, lo, hi);
                        case MAX_OVER_TIME -> v = OverTimeFunctions.max(vs, lo, hi);
                        case FIRST_OVER_TIME -> v = OverTimeFunctions.first(vs, lo, hi);
                        case LAST_OVER_TIME -> v = OverTimeFunctions.last(vs, lo, hi);
                        case PRESENT_OVER_TIME -> v = OverTimeFunctions.present();
                        case STDDEV_OVER_TIME -> v = OverTimeFunctions.stddev(vs, lo, hi);
                        case STDVAR_OVER_TIME -> v = OverTimeFunctions.stdvar(vs, lo, hi);
                        case QUANTILE_OVER_TIME -> v = OverTimeFunctions.quantile(p0[i], vs, lo, hi, scratch.doubles(w));
                        case MAD_OVER_TIME -> v = OverTimeFunctions.mad(vs, lo, hi, scratch.doubles(w));
                        case TS_OF_MIN_OVER_TIME -> v = OverTimeFunctions.tsOfMin(ts, vs, lo, hi);
                        case TS_OF_MAX_OVER_TIME -> v = OverTimeFunctions.tsOfMax(ts, vs, lo, hi);
                        case TS_OF_FIRST_OVER_TIME -> v = OverTimeFunctions.tsSeconds(ts[lo]);
                        case TS_OF_LAST_OVER_TIME -> v = OverTimeFunctions.tsSeconds(ts[hi - 1]);
                        default -> throw new IllegalStateException(kernel.toString());
                    }
                }
                if (o == null) {
                    o = new StepSeries(labels, steps, !keepsName || dropName);
                }
                o.set(i, v);
            }
            return new SeriesResult(o, widest);
        }
    }

    /** One series' output (null when it has no point) and its widest window, for the sample accounting. */
    private record SeriesResult(StepSeries series, long widest) {
    }

    /**
     * Per-thread arrays for the kernels, so series can be evaluated on several threads. Arrays are kept
     * for reuse up to {@link #MAX_CACHED} elements; a longer series gets arrays of its own, so that one long
     * range does not pin memory in every query thread.
     */
    static final class Scratch {
        static final int MAX_CACHED = 1 << 16;
        private int[] ints = new int[256];
        private double[] doubles = new double[64];

        int[] ints(int n) {
            if (ints.length >= n) {
                return ints;
            }
            if (n > MAX_CACHED) {
                return new int[n];
            }
            ints = new int[Math.min(MAX_CACHED, Math.max(n, ints.length * 2))];
            return ints;
        }

        double[] doubles(int n) {
            if (doubles.length >= n) {
                return doubles;
            }
            if (n > MAX_CACHED) {
                return new double[n];
            }
            doubles = new double[Math.min(MAX_CACHED, Math.max(n, doubles.length * 2))];
            return doubles;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Advances {@code from} to the first index with a timestamp greater than {@code t}. */
    private static int slide(long[] ts, int n, int from, long t) {
        int i = from;
        while (i < n && ts[i] <= t) {
            i++;
        }
        return i;
    }

    private static MatrixSelector matrixSelector(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e instanceof MatrixSelector ms ? ms : null;
    }

    private static StepVector absentOverTime(RangeInput in, Labels labels, int steps) {
        StepSeries out = new StepSeries(labels, steps, false);
        for (int i = 0; i < steps; i++) {
            long end = in.windowEnd[i];
            long start = end - in.rangeMs;
            boolean any = false;
            for (RangeInput.Series s : in.series) {
                int lo = RangeInput.upperBound(s.timestamps(), s.size(), start);
                int hi = RangeInput.upperBound(s.timestamps(), s.size(), end);
                if (hi > lo) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                out.set(i, 1);
            }
        }
        List<StepSeries> list = new ArrayList<>();
        if (!out.isEmpty()) {
            list.add(out);
        }
        return new StepVector(steps, list);
    }
}
