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
 * Functions over range vectors. Each series' samples were read once; for every step the window
 * {@code (end - range, end]} is found by binary search and handed to a kernel as index bounds.
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
        RangeInput in = ms != null ? ev.matrixSelector(ms, times, anchored || smoothed ? ctx.lookbackMs : 0, smoothed ? ctx.lookbackMs : 0)
                : (RangeInput) ev.eval(arg, times);
        int steps = times.length;
        if (name.equals("absent_over_time")) {
            return absentOverTime(in, ms != null ? FunctionCalls.absentLabels(ms) : Labels.EMPTY, steps);
        }
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
        boolean keepsName = name.equals("last_over_time") || name.equals("first_over_time");
        boolean counterCheck = ms != null && (name.equals("rate") || name.equals("increase"));
        // As Prometheus: only these counter functions look at start timestamps (delta treats a gauge).
        boolean usesStartTimes = ctx.useStartTimestamps
                && (name.equals("rate") || name.equals("increase") || name.equals("irate") || name.equals("resets"));
        long lookback = ctx.lookbackMs;
        double[] q0 = p0;
        double[] q1 = p1;
        long samples = 0;
        for (RangeInput.Series s : in.series) {
            samples += s.size();
        }
        long workPerSeries = steps + (in.series.isEmpty() ? 0 : samples / in.series.size());
        Object[] results = ParallelSeries.map(ctx, in.series.size(), workPerSeries, (k, buffer) -> {
            RangeInput.Series s = in.series.get(k);
            Scratch scratch = SCRATCH.get();
            int[] resets = scratch.ints(s.size());
            long[] ts = s.timestamps();
            long[] st = usesStartTimes ? s.startTimes() : null;
            RangeFunctions.resetCounts(s.values(), ts, st, s.size(), resets);
            long widest = 0;
            boolean overlap = false;
            double[] vs = s.values();
            int n = s.size();
            StepSeries o = null;
            // window ends never decrease, so the bounds slide forward over the series once
            int lo = 0;
            int hi = 0;
            int xlo = 0;
            int xhi = 0;
            for (int i = 0; i < steps; i++) {
                long end = in.windowEnd[i];
                long start = end - in.rangeMs;
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
                    if (name.equals("resets") || name.equals("changes")) {
                        int from = RangeFunctions.countingStart(ts, xlo, xhi, start, true);
                        if (from < 0) {
                            continue;
                        }
                        v = name.equals("resets") ? RangeFunctions.resets(vs, ts, st, from, xhi) : RangeFunctions.changes(vs, from, xhi);
                    } else {
                        if (!RangeFunctions.extendedRateHasOutput(ts, xlo, xhi, start, end, smoothed)) {
                            continue;
                        }
                        v = RangeFunctions.extendedRate(ts, vs, xlo, xhi, start, end, smoothed, !name.equals("delta"), name.equals("rate"));
                    }
                } else {
                    int w = hi - lo;
                    if (w < 1) {
                        continue;
                    }
                    switch (name) {
                        case "rate", "increase", "delta" -> {
                            boolean counter = !name.equals("delta");
                            if (!RangeFunctions.extrapolatedRateHasOutput(ts, st, lo, hi, start, counter)) {
                                continue;
                            }
                            overlap |= counter && RangeFunctions.hasStartTimeOverlap(ts, st, lo, hi);
                            v = RangeFunctions.extrapolatedRate(ts, vs, st, lo, hi, start, end, counter, name.equals("rate"),
                                    resets[hi - 1] != resets[lo]);
                        }
                        case "irate", "idelta" -> {
                            if (!RangeFunctions.instantValueHasOutput(ts, lo, hi)) {
                                continue;
                            }
                            v = RangeFunctions.instantValue(ts, vs, st, lo, hi, name.equals("irate"));
                        }
                        case "deriv" -> {
                            if (!RangeFunctions.regressionHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.deriv(ts, vs, lo, hi);
                        }
                        case "predict_linear" -> {
                            if (!RangeFunctions.regressionHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.predictLinear(ts, vs, lo, hi, times[i], q0[i]);
                        }
                        case "double_exponential_smoothing" -> {
                            if (!RangeFunctions.doubleExponentialSmoothingHasOutput(w)) {
                                continue;
                            }
                            v = RangeFunctions.doubleExponentialSmoothing(vs, lo, hi, q0[i], q1[i]);
                        }
                        case "resets" -> v = RangeFunctions.resets(vs, ts, st, lo, hi);
                        case "changes" -> v = RangeFunctions.changes(vs, lo, hi);
                        case "avg_over_time" -> v = OverTimeFunctions.avg(vs, lo, hi);
                        case "sum_over_time" -> v = OverTimeFunctions.sum(vs, lo, hi);
                        case "count_over_time" -> v = OverTimeFunctions.count(w);
                        case "min_over_time" -> v = OverTimeFunctions.min(vs, lo, hi);
                        case "max_over_time" -> v = OverTimeFunctions.max(vs, lo, hi);
                        case "first_over_time" -> v = OverTimeFunctions.first(vs, lo, hi);
                        case "last_over_time" -> v = OverTimeFunctions.last(vs, lo, hi);
                        case "present_over_time" -> v = OverTimeFunctions.present();
                        case "stddev_over_time" -> v = OverTimeFunctions.stddev(vs, lo, hi);
                        case "stdvar_over_time" -> v = OverTimeFunctions.stdvar(vs, lo, hi);
                        case "quantile_over_time" -> v = OverTimeFunctions.quantile(q0[i], vs, lo, hi, scratch.doubles(w));
                        case "mad_over_time" -> v = OverTimeFunctions.mad(vs, lo, hi, scratch.doubles(w));
                        case "ts_of_min_over_time" -> v = OverTimeFunctions.tsOfMin(ts, vs, lo, hi);
                        case "ts_of_max_over_time" -> v = OverTimeFunctions.tsOfMax(ts, vs, lo, hi);
                        case "ts_of_first_over_time" -> v = OverTimeFunctions.tsSeconds(ts[lo]);
                        case "ts_of_last_over_time" -> v = OverTimeFunctions.tsSeconds(ts[hi - 1]);
                        default -> throw new PromqlException(ErrorType.EXECUTION, "function " + name + " is not implemented");
                    }
                }
                if (o == null) {
                    o = new StepSeries(s.labels(), steps, !keepsName || s.dropName());
                }
                o.set(i, v);
            }
            return new SeriesResult(o, widest, overlap);
        });
        long widestWindow = 0;
        List<StepSeries> out = new ArrayList<>();
        for (int k = 0; k < results.length; k++) {
            SeriesResult r = (SeriesResult) results[k];
            widestWindow = Math.max(widestWindow, r.widest());
            StepSeries o = r.series();
            RangeInput.Series s = in.series.get(k);
            if (r.startTimeOverlap()) {
                ctx.warnings.add(Annotations.startTimeOverlap(s.labels().metricName()));
            }
            if (o != null) {
                out.add(o);
                if (counterCheck) {
                    String metric = s.labels().metricName();
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

    /**
     * One series' output (null when it has no point), its widest window for the sample accounting, and
     * whether a counter window had overlapping start timestamps (warned once per series).
     */
    private record SeriesResult(StepSeries series, long widest, boolean startTimeOverlap) {
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
