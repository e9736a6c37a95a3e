package dev.narthex.promql.eval;

import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AtModifier;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.DurationExpr;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.NumberLiteral;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.StepInvariantExpr;
import dev.narthex.promql.ast.StringLiteral;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.functions.SmoothedSelector;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.Value;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates an expression over all steps at once, series by series: every selector reads each of its
 * series once for the whole query and fills per-step arrays. The value of a node is a {@link StepVector}
 * (instant vector), a {@code double[]} (scalar per step), a {@link String}, or a {@link RangeInput}
 * (range vector, only as a function argument or the top of an instant query).
 * Not thread-safe: one evaluator per query.
 */
public final class Evaluator {
    private final EvalContext ctx;
    private final FunctionCalls functions;
    private final Aggregations aggregations;
    private final BinaryOperations binaryOps;

    public Evaluator(EvalContext ctx) {
        this.ctx = ctx;
        this.functions = new FunctionCalls(this, ctx);
        this.aggregations = new Aggregations(this, ctx);
        this.binaryOps = new BinaryOperations(ctx);
    }

    /** Evaluates an instant query's expression at the context's start time. */
    public Value evaluateInstant(Expr e) {
        Value v = ResultAssembler.instant(eval(e, queryTimes()), ctx.startMs);
        if (v instanceof Matrix m) {
            for (SeriesPoints s : m.series()) {
                ctx.addSamples(s.size()); // a range vector result holds all its samples
            }
        }
        return v;
    }

    /** Evaluates a range query's expression at every step of the context. */
    public Value evaluateRange(Expr e) {
        long[] times = queryTimes();
        return ResultAssembler.range(eval(e, times), times);
    }

    /** The query's step times: one for an instant query, start..end by step for a range query. */
    private long[] queryTimes() {
        if (!ctx.rangeQuery) {
            return new long[] {ctx.startMs};
        }
        int n = (int) ((ctx.endMs - ctx.startMs) / ctx.stepMs) + 1;
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = ctx.startMs + i * ctx.stepMs;
        }
        return times;
    }

    /** Evaluates {@code e} at each of {@code times} (non-decreasing). */
    Object eval(Expr e, long[] times) {
        ctx.checkCancelled();
        if (e instanceof NumberLiteral n) {
            double[] v = new double[times.length];
            Arrays.fill(v, n.value());
            return v;
        }
        if (e instanceof StringLiteral s) {
            return s.value();
        }
        if (e instanceof ParenExpr p) {
            return eval(p.expr(), times);
        }
        if (e instanceof StepInvariantExpr s) {
            return eval(s.expr(), times);
        }
        if (e instanceof UnaryExpr u) {
            return unary(u, times);
        }
        if (e instanceof VectorSelector vs) {
            return vectorSelector(vs, times, false);
        }
        if (e instanceof MatrixSelector ms) {
            return matrixSelector(ms, times, 0, 0);
        }
        if (e instanceof SubqueryExpr sq) {
            return subquery(sq, times);
        }
        if (e instanceof Call c) {
            return functions.call(c, times);
        }
        if (e instanceof AggregateExpr a) {
            return aggregations.aggregate(a, times);
        }
        if (e instanceof BinaryExpr b) {
            return binaryOps.apply(b, eval(b.lhs(), times), eval(b.rhs(), times), times.length);
        }
        if (e instanceof DurationExpr d) {
            double[] v = new double[times.length];
            Arrays.fill(v, durationMs(d) / 1000.0);
            return v;
        }
        throw new PromqlException(ErrorType.INTERNAL, "unexpected expression " + e);
    }

    private Object unary(UnaryExpr u, long[] times) {
        Object v = eval(u.expr(), times);
        if (u.op() == UnaryExpr.Op.PLUS) {
            return v;
        }
        if (v instanceof double[] s) {
            for (int i = 0; i < s.length; i++) {
                s[i] = -s[i];
            }
            return s;
        }
        StepVector vec = (StepVector) v;
        for (StepSeries s : vec.series) {
            for (int i = 0; i < s.values.length; i++) {
                s.values[i] = -s.values[i];
            }
            s.dropName = true;
        }
        return vec;
    }

    /** Per step, the time a selector or subquery reads at: its {@code @} time or the step's, minus the offset. */
    long[] effectiveTimes(AtModifier at, long atMs, long offsetMs, long[] times) {
        long[] te = new long[times.length];
        for (int i = 0; i < times.length; i++) {
            long base = switch (at) {
                case NONE -> times[i];
                case TIMESTAMP -> atMs;
                case START -> ctx.startMs;
                case END -> ctx.endMs;
            };
            te[i] = base - offsetMs;
        }
        return te;
    }

    long offsetMs(long literal, DurationExpr expr) {
        return expr != null ? durationMs(expr) : literal;
    }

    /**
     * Newest sample in {@code (t - lookback, t]} per step, or, with {@code timestamps}, its timestamp in
     * seconds (for {@code timestamp()}). A stale marker as newest sample means no point.
     */
    StepVector vectorSelector(VectorSelector vs, long[] times, boolean timestamps) {
        return vectorSelector(vs, times, timestamps ? Picked.TIMESTAMP : Picked.VALUE);
    }

    /** What a vector selector reports of the newest sample of each step. */
    enum Picked {
        VALUE,
        /** Its timestamp in seconds ({@code timestamp()}). */
        TIMESTAMP,
        /** Its start timestamp in seconds, 0 when unknown ({@code start_timestamp()}); not smoothed. */
        START_TIMESTAMP,
        /**
         * Whether there is one, for consumers that use no values ({@code count}, {@code group}): series are
         * read with {@link Series#readPresence}, so only timestamps and stale markers are decoded, and every
         * point's value is 1.
         */
        PRESENCE
    }

    /** {@link #vectorSelector(VectorSelector, long[], boolean)} reporting {@code picked} of each step's sample. */
    StepVector vectorSelector(VectorSelector vs, long[] times, Picked picked) {
        return SeriesProducer.materialize(ctx, vectorProducer(vs, times, picked), times.length);
    }

    /** {@link #vectorSelector} series by series: its series are selected now and read by {@link SeriesProducer#produce}. */
    SeriesProducer vectorProducer(VectorSelector vs, long[] times, Picked picked) {
        long[] te = effectiveTimes(vs.at(), vs.atMs(), offsetMs(vs.offsetMs(), vs.offsetExpr()), times);
        boolean smoothed = vs.smoothed() && picked != Picked.START_TIMESTAMP;
        long mint = te[0] - ctx.lookbackMs + 1;
        long maxt = te[te.length - 1] + (smoothed ? ctx.lookbackMs : 0);
        List<Series> selected = ctx.querier(mint, maxt).select(vs.matchers());
        long work = estimatedSamples(mint, maxt);
        return new SeriesProducer() {
            @Override
            public int size() {
                return selected.size();
            }

            @Override
            public long workPerSeries() {
                return work;
            }

            @Override
            public long produce(int i, SampleBuffer buffer, StepSeries target) {
                Series s = selected.get(i);
                buffer.clear();
                if (picked == Picked.PRESENCE) {
                    s.readPresence(mint, maxt, buffer);
                } else {
                    s.read(mint, maxt, buffer);
                }
                target.labels = s.labels();
                target.dropName = false;
                if (smoothed) {
                    smoothedSeries(te, buffer, target);
                } else {
                    latestSamples(te, picked, buffer, target);
                }
                return 0;
            }

            @Override
            public void accept(StepSeries s) {
                ctx.addSamples(s.pointCount());
            }

            @Override
            public void finish(long widest) {
            }
        };
    }

    /**
     * The expression as a {@link SeriesProducer} if it is one: a selector, or a range function over a
     * selector; otherwise null (and nothing is evaluated). With {@code presenceOnly}, for a consumer that
     * uses only which series have a point at each step, a plain vector selector reads no values
     * ({@link Picked#PRESENCE}).
     */
    SeriesProducer producer(Expr e, long[] times, boolean presenceOnly) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        if (e instanceof VectorSelector vs) {
            return vectorProducer(vs, times, presenceOnly && !vs.smoothed() ? Picked.PRESENCE : Picked.VALUE);
        }
        if (e instanceof Call c) {
            return RangeFunctionCalls.producer(functions, c, times);
        }
        return null;
    }

    /** Samples per series in {@code [mint, maxt]} at the most common scrape interval (15 s), for work estimates. */
    private static long estimatedSamples(long mint, long maxt) {
        return (maxt - mint) / 15_000 + 1;
    }

    /**
     * The newest sample in the lookback window of each step, from the series' samples in {@code buffer}; a
     * stale marker as newest sample means no point. After a presence read the buffer holds no stale markers
     * but lists their times apart, and no value is looked at.
     */
    private void latestSamples(long[] te, Picked picked, SampleBuffer buffer, StepSeries out) {
        long[] ts = buffer.timestamps();
        double[] vals = buffer.values();
        int n = buffer.size();
        long[] stale = buffer.staleTimes();
        int staleCount = buffer.staleCount();
        boolean presence = picked == Picked.PRESENCE;
        long lookback = ctx.lookbackMs;
        int j = 0;
        int advance = 0;
        int s = 0;
        for (int i = 0; i < te.length; i++) {
            int next = RangeInput.slide(ts, n, j, advance, te[i]);
            advance = next - j;
            j = next;
            while (s < staleCount && stale[s] <= te[i]) {
                s++;
            }
            int k = j - 1;
            if (k < 0 || ts[k] <= te[i] - lookback || (presence ? s > 0 && stale[s - 1] > ts[k] : StaleNaN.is(vals[k]))) {
                continue;
            }
            out.set(i, switch (picked) {
                case VALUE -> vals[k];
                case PRESENCE -> 1;
                case TIMESTAMP -> ts[k] / 1000.0;
                case START_TIMESTAMP -> buffer.startTime(k) / 1000.0;
            });
        }
    }

    /** {@code smoothed}: the value interpolated at each step from the samples within the lookback on both sides. */
    private void smoothedSeries(long[] te, SampleBuffer buffer, StepSeries out) {
        int n = dropStaleMarkers(buffer);
        long[] ts = buffer.timestamps();
        double[] vals = buffer.values();
        for (int i = 0; i < te.length; i++) {
            int lo = RangeInput.upperBound(ts, n, te[i] - ctx.lookbackMs);
            int hi = RangeInput.upperBound(ts, n, te[i] + ctx.lookbackMs);
            if (hi - lo < 1 || !SmoothedSelector.hasValue(ts, lo, hi, te[i])) {
                continue;
            }
            out.set(i, SmoothedSelector.value(ts, vals, lo, hi, te[i]));
        }
    }

    /** Compacts the buffer in place without stale markers; returns the new size. */
    private static int dropStaleMarkers(SampleBuffer b) {
        long[] ts = b.timestamps();
        double[] vals = b.values();
        long[] st = b.startTimes();
        int m = 0;
        for (int i = 0; i < b.size(); i++) {
            if (!StaleNaN.is(vals[i])) {
                ts[m] = ts[i];
                if (st != null) {
                    st[m] = st[i];
                }
                vals[m++] = vals[i];
            }
        }
        b.setSize(m);
        return m;
    }

    /** Reads the selector's series once; {@code extraBefore}/{@code extraAfter} widen the read for anchored/smoothed windows. */
    RangeInput matrixSelector(MatrixSelector ms, long[] times, long extraBefore, long extraAfter) {
        RangeSelection sel = selectRange(ms, times, extraBefore, extraAfter);
        Object[] read = ParallelSeries.map(ctx, sel.series().size(), sel.estimatedSamples(), (i, buffer) -> {
            int m = sel.read(i, buffer);
            long[] st = ctx.useStartTimestamps && buffer.hasStartTimes() ? Arrays.copyOf(buffer.startTimes(), m) : null;
            return m == 0 ? null
                : new RangeInput.Series(sel.series().get(i).labels(), Arrays.copyOf(buffer.timestamps(), m),
                    Arrays.copyOf(buffer.values(), m), m, false, st);
        });
        List<RangeInput.Series> series = new ArrayList<>(read.length);
        for (Object o : read) {
            if (o != null) {
                series.add((RangeInput.Series) o);
            }
        }
        return new RangeInput(series, sel.windowEnd(), sel.rangeMs());
    }

    /** Selects a matrix selector's series without reading them, for callers that consume each series as it is read. */
    RangeSelection selectRange(MatrixSelector ms, long[] times, long extraBefore, long extraAfter) {
        VectorSelector vs = ms.selector();
        long range = ms.rangeExpr() != null ? durationMs(ms.rangeExpr()) : ms.rangeMs();
        long[] te = effectiveTimes(vs.at(), vs.atMs(), offsetMs(vs.offsetMs(), vs.offsetExpr()), times);
        long mint = te[0] - range - extraBefore + 1;
        long maxt = te[te.length - 1] + extraAfter;
        return new RangeSelection(ctx.querier(mint, maxt).select(vs.matchers()), te, range, mint, maxt);
    }

    /**
     * A matrix selector's series, selected but not read: the window of step i is
     * {@code (windowEnd[i] - rangeMs, windowEnd[i]]}, and {@code [mint, maxt]} covers every window.
     */
    record RangeSelection(List<Series> series, long[] windowEnd, long rangeMs, long mint, long maxt) {
        /** Reads series {@code i}'s samples into {@code buffer} (cleared first) without stale markers; returns their count. */
        int read(int i, SampleBuffer buffer) {
            buffer.clear();
            series.get(i).read(mint, maxt, buffer);
            return dropStaleMarkers(buffer);
        }

        long estimatedSamples() {
            return Evaluator.estimatedSamples(mint, maxt);
        }
    }

    /**
     * Evaluates the inner expression once at the absolute multiples of the subquery step that fall in
     * the union of all windows, so that every outer step sees the same inner points.
     */
    RangeInput subquery(SubqueryExpr sq, long[] times) {
        long range = sq.rangeExpr() != null ? durationMs(sq.rangeExpr()) : sq.rangeMs();
        long step = sq.stepExpr() != null ? durationMs(sq.stepExpr()) : sq.stepMs();
        if (step <= 0) {
            step = ctx.defaultIntervalMs;
        }
        long[] te = effectiveTimes(sq.at(), sq.atMs(), offsetMs(sq.offsetMs(), sq.offsetExpr()), times);
        long first = step * ((te[0] - range) / step); // Go and Java both truncate toward zero
        if (first <= te[0] - range) {
            first += step;
        }
        long last = te[te.length - 1];
        int n = last < first ? 0 : (int) ((last - first) / step) + 1;
        List<RangeInput.Series> series = new ArrayList<>();
        if (n > 0) {
            long[] inner = new long[n];
            for (int i = 0; i < n; i++) {
                inner[i] = first + i * step;
            }
            Object v = eval(sq.expr(), inner);
            StepVector vec = (StepVector) v;
            for (StepSeries s : vec.series) {
                int m = s.pointCount();
                long[] ts = new long[m];
                double[] vals = new double[m];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (s.present[i]) {
                        ts[k] = inner[i];
                        vals[k++] = s.values[i];
                    }
                }
                series.add(new RangeInput.Series(s.labels, ts, vals, m, s.dropName, null));
            }
        }
        return new RangeInput(series, te, range);
    }

    /** Resolves a duration expression to milliseconds; {@code step()} and {@code range()} are the query's. */
    long durationMs(DurationExpr d) {
        return Math.round(durationSeconds(d) * 1000.0);
    }

    private double durationSeconds(Expr e) {
        if (e instanceof NumberLiteral n) {
            return n.value();
        }
        if (e instanceof ParenExpr p) {
            return durationSeconds(p.expr());
        }
        if (e instanceof UnaryExpr u) {
            double v = durationSeconds(u.expr());
            return u.op() == UnaryExpr.Op.MINUS ? -v : v;
        }
        if (!(e instanceof DurationExpr d)) {
            throw new PromqlException(ErrorType.BAD_DATA, "unexpected duration expression " + e);
        }
        switch (d.op()) {
            case STEP:
                return ctx.stepMs / 1000.0;
            case RANGE:
                return (ctx.endMs - ctx.startMs) / 1000.0;
            default:
                break;
        }
        double r = durationSeconds(d.rhs());
        if (d.lhs() == null) {
            return d.op() == DurationExpr.Op.SUB ? -r : r;
        }
        double l = durationSeconds(d.lhs());
        return switch (d.op()) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> {
                if (r == 0) {
                    throw new PromqlException(ErrorType.BAD_DATA, "division by zero");
                }
                yield l / r;
            }
            case MOD -> {
                if (r == 0) {
                    throw new PromqlException(ErrorType.BAD_DATA, "modulo by zero");
                }
                yield l % r;
            }
            case POW -> Math.pow(l, r);
            case MIN_OF -> Math.min(l, r);
            case MAX_OF -> Math.max(l, r);
            default -> throw new PromqlException(ErrorType.INTERNAL, "unexpected duration operator " + d.op());
        };
    }
}
