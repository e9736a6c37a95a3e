package dev.narthex.promql.eval;

import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.functions.Annotations;
import dev.narthex.promql.functions.Quantiles;
import dev.narthex.promql.functions.RangeFunctions;
import dev.narthex.promql.functions.RangeKernel;
import dev.narthex.storage.Labels;
import dev.narthex.storage.SampleBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions over range vectors. Each series' samples are read once; the window {@code (end - range, end]}
 * of every step is found by sliding its bounds forward and handed to the call's {@link RangeKernel} as
 * index bounds.
 */
final class RangeFunctionCalls {
    private RangeFunctionCalls() {
    }

    static StepVector apply(FunctionCalls f, Call c, long[] times) {
        String name = c.func().name();
        EvalContext ctx = f.context();
        Expr arg = c.args().get(matrixArgument(name));
        MatrixSelector ms = matrixSelector(arg);
        double[][] params = parameters(f, c, times);
        RangeKernel kernel = RangeKernel.forName(name);
        checkModifiers(name, kernel, ms);
        int steps = times.length;
        if (name.equals("absent_over_time")) {
            RangeInput in = ms != null ? f.evaluator().matrixSelector(ms, times, extraBefore(ctx, ms), extraAfter(ctx, ms))
                : (RangeInput) f.evaluator().eval(arg, times);
            return absentOverTime(in, ms != null ? FunctionCalls.absentLabels(ms) : Labels.EMPTY, steps);
        }
        if (kernel == null) {
            throw new PromqlException(ErrorType.EXECUTION, "function " + name + " is not implemented");
        }
        if (ms != null) {
            return SeriesProducer.materialize(ctx, selectorWindows(f, kernel, ms, params, times), steps);
        }
        // any other range vector (a subquery) is evaluated first
        RangeInput in = (RangeInput) f.evaluator().eval(arg, times);
        checkSmoothingFactors(kernel, params, steps);
        Windows windows = new Windows(ctx, kernel, times, in.windowEnd, in.rangeMs, false, false, params);
        return SeriesProducer.materialize(ctx, new WindowsProducer(ctx, windows, null, in, false), steps);
    }

    /**
     * The call as a {@link SeriesProducer} when it is a range function over a selector, else null without
     * evaluating anything. Parameters are evaluated and checked as by {@link #apply}.
     */
    static SeriesProducer producer(FunctionCalls f, Call c, long[] times) {
        String name = c.func().name();
        RangeKernel kernel = RangeKernel.forName(name);
        if (kernel == null || c.args().size() <= matrixArgument(name)) {
            return null;
        }
        MatrixSelector ms = matrixSelector(c.args().get(matrixArgument(name)));
        if (ms == null) {
            return null;
        }
        double[][] params = parameters(f, c, times);
        checkModifiers(name, kernel, ms);
        return selectorWindows(f, kernel, ms, params, times);
    }

    private static int matrixArgument(String name) {
        return name.equals("quantile_over_time") ? 1 : 0;
    }

    /** The per-step scalar parameters of the functions that have them (warning on invalid quantiles): p0, p1. */
    private static double[][] parameters(FunctionCalls f, Call c, long[] times) {
        String name = c.func().name();
        Evaluator ev = f.evaluator();
        double[][] p = new double[2][];
        if (name.equals("quantile_over_time")) {
            p[0] = (double[]) ev.eval(c.args().get(0), times);
            for (double q : p[0]) {
                if (Quantiles.isInvalidQuantile(q)) {
                    f.context().warnings.add(Annotations.invalidQuantile(q));
                }
            }
        } else if (name.equals("predict_linear")) {
            p[0] = (double[]) ev.eval(c.args().get(1), times);
        } else if (name.equals("double_exponential_smoothing")) {
            p[0] = (double[]) ev.eval(c.args().get(1), times);
            p[1] = (double[]) ev.eval(c.args().get(2), times);
        }
        return p;
    }

    /** Rejects anchored/smoothed selectors for functions without a kernel that accepts them (absent_over_time). */
    private static void checkModifiers(String name, RangeKernel kernel, MatrixSelector ms) {
        if (ms != null && ms.selector().anchored() && (kernel == null || !kernel.anchoredSafe())) {
            throw new PromqlException(ErrorType.BAD_DATA, RangeKernel.anchoredNotAllowedMessage(name));
        }
        if (ms != null && ms.selector().smoothed() && (kernel == null || !kernel.smoothedSafe())) {
            throw new PromqlException(ErrorType.BAD_DATA, RangeKernel.smoothedNotAllowedMessage(name));
        }
    }

    private static void checkSmoothingFactors(RangeKernel kernel, double[][] params, int steps) {
        if (kernel != RangeKernel.DOUBLE_EXPONENTIAL_SMOOTHING) {
            return;
        }
        for (int i = 0; i < steps; i++) {
            if (RangeFunctions.invalidSmoothingFactor(params[0][i])) {
                throw new PromqlException(ErrorType.EXECUTION, RangeFunctions.invalidSmoothingFactorMessage(params[0][i]));
            }
            if (RangeFunctions.invalidSmoothingFactor(params[1][i])) {
                throw new PromqlException(ErrorType.EXECUTION, RangeFunctions.invalidTrendFactorMessage(params[1][i]));
            }
        }
    }

    /** Anchored and smoothed windows look back one lookback further for the sample before the window. */
    private static long extraBefore(EvalContext ctx, MatrixSelector ms) {
        return ms.selector().anchored() || ms.selector().smoothed() ? ctx.lookbackMs : 0;
    }

    private static long extraAfter(EvalContext ctx, MatrixSelector ms) {
        return ms.selector().smoothed() ? ctx.lookbackMs : 0;
    }

    /** Selects the selector's series; each is read and evaluated in one pass while its samples are in the thread's buffer. */
    private static WindowsProducer selectorWindows(FunctionCalls f, RangeKernel kernel, MatrixSelector ms, double[][] params,
            long[] times) {
        EvalContext ctx = f.context();
        Evaluator.RangeSelection sel = f.evaluator().selectRange(ms, times, extraBefore(ctx, ms), extraAfter(ctx, ms));
        checkSmoothingFactors(kernel, params, times.length);
        Windows windows = new Windows(ctx, kernel, times, sel.windowEnd(), sel.rangeMs(), ms.selector().anchored(),
            ms.selector().smoothed(), params);
        return new WindowsProducer(ctx, windows, sel, null, kernel.extrapolatesCounter());
    }

    /** A range function's output series, from a selection read series by series or from an evaluated range vector. */
    private static final class WindowsProducer implements SeriesProducer {
        private final EvalContext ctx;
        private final Windows windows;
        private final Evaluator.RangeSelection sel;
        private final RangeInput in;
        private final boolean counterCheck;

        WindowsProducer(EvalContext ctx, Windows windows, Evaluator.RangeSelection sel, RangeInput in, boolean counterCheck) {
            this.ctx = ctx;
            this.windows = windows;
            this.sel = sel;
            this.in = in;
            this.counterCheck = counterCheck;
        }

        @Override
        public int size() {
            return sel != null ? sel.series().size() : in.series.size();
        }

        @Override
        public long workPerSeries() {
            int steps = windows.windowEnd.length;
            if (sel != null) {
                return steps + sel.estimatedSamples();
            }
            long samples = 0;
            for (RangeInput.Series s : in.series) {
                samples += s.size();
            }
            return steps + (in.series.isEmpty() ? 0 : samples / in.series.size());
        }

        @Override
        public long produce(int i, SampleBuffer buffer, StepSeries target) {
            if (sel == null) {
                RangeInput.Series s = in.series.get(i);
                return windows.series(s.labels(), s.dropName(), s.timestamps(), s.values(), s.startTimes(), s.size(), target);
            }
            int n = sel.read(i, buffer);
            return windows.series(sel.series().get(i).labels(), false, buffer.timestamps(), buffer.values(), buffer.startTimes(),
                n, target);
        }

        @Override
        public void accept(StepSeries s) {
            if (counterCheck) {
                String metric = s.labels.metricName();
                if (!metric.isEmpty() && !metric.endsWith("_total") && !metric.endsWith("_sum") && !metric.endsWith("_count")
                        && !metric.endsWith("_bucket")) {
                    ctx.infos.add(Annotations.possibleNonCounter(metric));
                }
            }
            ctx.addSamples(s.pointCount());
        }

        @Override
        public void finish(long widest) {
            // as in Prometheus, one series' window is held at a time, on top of the results
            ctx.addSamples(widest);
            ctx.releaseSamples(widest);
        }
    }

    /**
     * One range-function call's per-step windows, applied to one series at a time (thread-safe: no mutable
     * state but the query's warnings, which are added to under their lock).
     */
    private static final class Windows {
        private final EvalContext ctx;
        private final RangeKernel kernel;
        private final long[] times;
        private final long[] windowEnd;
        private final long rangeMs;
        private final boolean anchored;
        private final boolean smoothed;
        private final long lookback;
        private final double[] p0;
        private final double[] p1;
        /** As Prometheus: only counter functions look at start timestamps (delta treats a gauge). */
        private final boolean usesStartTimes;
        /** Steps back to the window whose end is this window's start, or 0; see {@link #lag(long[], long)}. */
        private final int lag;

        Windows(EvalContext ctx, RangeKernel kernel, long[] times, long[] windowEnd, long rangeMs, boolean anchored,
                boolean smoothed, double[][] params) {
            this.ctx = ctx;
            this.kernel = kernel;
            this.times = times;
            this.windowEnd = windowEnd;
            this.rangeMs = rangeMs;
            this.anchored = anchored;
            this.smoothed = smoothed;
            this.lookback = ctx.lookbackMs;
            this.p0 = params[0];
            this.p1 = params[1];
            this.usesStartTimes = ctx.useStartTimestamps && kernel.usesStartTimes();
            this.lag = lag(windowEnd, rangeMs);
        }

        /**
         * With evenly spaced window ends and a range that is a multiple {@code k} of their spacing, a window
         * starts exactly where the window {@code k} steps earlier ended, so its lower bound is that window's
         * upper bound: returns {@code k}, or 0 if the ends are not spaced so.
         */
        private static int lag(long[] windowEnd, long rangeMs) {
            if (windowEnd.length < 2) {
                return 0;
            }
            long step = windowEnd[1] - windowEnd[0];
            if (step <= 0 || rangeMs % step != 0 || rangeMs / step >= windowEnd.length) {
                return 0;
            }
            for (int i = 2; i < windowEnd.length; i++) {
                if (windowEnd[i] - windowEnd[i - 1] != step) {
                    return 0;
                }
            }
            return (int) (rangeMs / step);
        }

        /**
         * Evaluates every step's window over one series' samples {@code ts/vs[0..n)} (start timestamps in
         * {@code startTimes}, or null) into {@code o} (no point set on entry); returns the number of samples
         * of the widest window.
         */
        long series(Labels labels, boolean dropName, long[] ts, double[] vs, long[] startTimes, int n, StepSeries o) {
            long[] st = usesStartTimes ? startTimes : null;
            o.labels = labels;
            o.dropName = !kernel.keepsMetricName() || dropName;
            Scratch scratch = SCRATCH.get();
            int steps = windowEnd.length;
            int[] lo = scratch.lows(steps);
            int[] hi = scratch.highs(steps);
            if (anchored || smoothed) {
                int widest = bounds(ts, n, lo, hi, true);
                kernel.evaluateExtended(ts, vs, st, lo, hi, windowEnd, rangeMs, smoothed, o.values, o.present);
                return widest;
            }
            int widest = bounds(ts, n, lo, hi, false);
            int[] counts = null;
            if (kernel.usesPrefixCounts()) {
                counts = scratch.ints(n);
                kernel.prefixCounts(vs, ts, st, n, counts);
            }
            double[] buf = kernel.needsScratch() ? scratch.doubles(widest) : null;
            kernel.evaluate(ts, vs, st, lo, hi, windowEnd, rangeMs, times, p0, p1, counts, buf, o.values, o.present);
            if (st != null && kernel.extrapolatesCounter() && startTimesOverlap(ts, st, lo, hi, o.present, steps)) {
                synchronized (ctx.warnings) {
                    ctx.warnings.add(Annotations.startTimeOverlap(labels.metricName()));
                }
            }
            return widest;
        }

        /**
         * Fills {@code lo/hi} with each step's window over {@code ts[0..n)}: {@code (end - range, end]}, or
         * for anchored windows {@code (end - range - lookback, end]} and smoothed ones
         * {@code (end - range - lookback, end + lookback]}; returns the widest window's size. Window ends never
         * decrease, so the bounds slide forward over the series once.
         */
        private int bounds(long[] ts, int n, int[] lo, int[] hi, boolean extended) {
            long before = extended ? rangeMs + lookback : rangeMs;
            // A plain window starts where the window lag steps earlier ended.
            int reuse = extended ? 0 : lag;
            int widest = 0;
            int l = 0;
            int h = 0;
            int advance = 0;
            for (int i = 0; i < windowEnd.length; i++) {
                long end = windowEnd[i];
                l = reuse > 0 && i >= reuse ? hi[i - reuse] : slide(ts, n, l, end - before);
                if (extended && smoothed) {
                    h = slide(ts, n, h, end + lookback);
                } else {
                    int next = RangeInput.slide(ts, n, h, advance, end);
                    advance = next - h;
                    h = next;
                }
                lo[i] = l;
                hi[i] = h;
                widest = Math.max(widest, h - l);
            }
            return widest;
        }

        /** Whether a counter window with output has a pair of samples whose start timestamps overlap. */
        private static boolean startTimesOverlap(long[] ts, long[] st, int[] lo, int[] hi, boolean[] present, int steps) {
            for (int i = 0; i < steps; i++) {
                if (present[i] && RangeFunctions.hasStartTimeOverlap(ts, st, lo[i], hi[i])) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Per-thread arrays for the kernels, so series can be evaluated on several threads. Arrays are kept
     * for reuse up to {@link #MAX_CACHED} elements; a longer series gets arrays of its own, so that one long
     * range does not pin memory in every query thread.
     */
    static final class Scratch {
        static final int MAX_CACHED = 1 << 16;
        private int[] ints = new int[256];
        private int[] lows = new int[256];
        private int[] highs = new int[256];
        private double[] doubles = new double[64];

        /** An array of at least {@code n} ints (the kernel's prefix counts). */
        int[] ints(int n) {
            if (ints.length < n && n <= MAX_CACHED) {
                ints = new int[grown(n, ints.length)];
            }
            return ints.length >= n ? ints : new int[n];
        }

        /** A second array of at least {@code n} ints, distinct from the others (per-step window starts). */
        int[] lows(int n) {
            if (lows.length < n && n <= MAX_CACHED) {
                lows = new int[grown(n, lows.length)];
            }
            return lows.length >= n ? lows : new int[n];
        }

        /** A third array of at least {@code n} ints, distinct from the others (per-step window ends). */
        int[] highs(int n) {
            if (highs.length < n && n <= MAX_CACHED) {
                highs = new int[grown(n, highs.length)];
            }
            return highs.length >= n ? highs : new int[n];
        }

        /** An array of at least {@code n} doubles (quantile and mad copies). */
        double[] doubles(int n) {
            if (doubles.length < n && n <= MAX_CACHED) {
                doubles = new double[grown(n, doubles.length)];
            }
            return doubles.length >= n ? doubles : new double[n];
        }

        private static int grown(int n, int length) {
            return Math.min(MAX_CACHED, Math.max(n, length * 2));
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
