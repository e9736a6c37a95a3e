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
        return vectorSelector(vs, times, timestamps, false);
    }

    /**
     * Evaluates {@code e} for a consumer that uses which series have a point at each step, not the
     * points' values ({@code count}, {@code group}): a vector selector then reads only timestamps and stale
     * markers ({@link Series#readPresence}) and its points' values are unspecified; anything else evaluates
     * as {@link #eval}.
     */
    Object evalPresence(Expr e, long[] times) {
        Expr inner = e;
        while (inner instanceof ParenExpr || inner instanceof StepInvariantExpr) {
            inner = inner instanceof ParenExpr p ? p.expr() : ((StepInvariantExpr) inner).expr();
        }
        if (inner instanceof VectorSelector vs && !vs.smoothed()) {
            return vectorSelector(vs, times, false, true);
        }
        return eval(e, times);
    }

    private StepVector vectorSelector(VectorSelector vs, long[] times, boolean timestamps, boolean presence) {
        long[] te = effectiveTimes(vs.at(), vs.atMs(), offsetMs(vs.offsetMs(), vs.offsetExpr()), times);
        boolean smoothed = vs.smoothed();
        long mint = te[0] - ctx.lookbackMs + 1;
        long maxt = te[te.length - 1] + (smoothed ? ctx.lookbackMs : 0);
        StepVector out = StepVector.empty(times.length);
        List<Series> selected = ctx.querier(mint, maxt).select(vs.matchers());
        Object[] read = ParallelSeries.map(ctx, selected.size(), estimatedSamples(mint, maxt), (i, buffer) -> {
            Series s = selected.get(i);
            buffer.clear();
            if (presence) {
                s.readPresence(mint, maxt, buffer);
            } else {
                s.read(mint, maxt, buffer);
            }
            return smoothed ? smoothedSeries(s, te, buffer) : latestSamples(s, te, timestamps, buffer);
        });
        for (Object o : read) {
            if (o != null) {
                StepSeries series = (StepSeries) o;
                ctx.addSamples(series.pointCount());
                out.series.add(series);
            }
        }
        return out;
    }

    /** Samples per series in {@code [mint, maxt]} at the most common scrape interval (15 s), for work estimates. */
    private static long estimatedSamples(long mint, long maxt) {
        return (maxt - mint) / 15_000 + 1;
    }

    /** The newest sample in the lookback window of each step, from the series' samples in {@code buffer}. */
    private StepSeries latestSamples(Series s, long[] te, boolean timestamps, SampleBuffer buffer) {
        long[] ts = buffer.timestamps();
        double[] vals = buffer.values();
        int n = buffer.size();
        StepSeries series = null;
        int j = 0;
        for (int i = 0; i < te.length; i++) {
            while (j < n && ts[j] <= te[i]) {
                j++;
            }
            int k = j - 1;
            if (k < 0 || ts[k] <= te[i] - ctx.lookbackMs || StaleNaN.is(vals[k])) {
                continue;
            }
            if (series == null) {
                series = new StepSeries(s.labels(), te.length, false);
            }
            series.set(i, timestamps ? ts[k] / 1000.0 : vals[k]);
        }
        return series;
    }

    /** {@code smoothed}: the value interpolated at each step from the samples within the lookback on both sides. */
    private StepSeries smoothedSeries(Series s, long[] te, SampleBuffer buffer) {
        int n = dropStaleMarkers(buffer);
        long[] ts = buffer.timestamps();
        double[] vals = buffer.values();
        StepSeries series = null;
        for (int i = 0; i < te.length; i++) {
            int lo = RangeInput.upperBound(ts, n, te[i] - ctx.lookbackMs);
            int hi = RangeInput.upperBound(ts, n, te[i] + ctx.lookbackMs);
            if (hi - lo < 1 || !SmoothedSelector.hasValue(ts, lo, hi, te[i])) {
                continue;
            }
            if (series == null) {
                series = new StepSeries(s.labels(), te.length, false);
            }
            series.set(i, SmoothedSelector.value(ts, vals, lo, hi, te[i]));
        }
        return series;
    }

    /** Compacts the buffer in place without stale markers; returns the new size. */
    private static int dropStaleMarkers(SampleBuffer b) {
        long[] ts = b.timestamps();
        double[] vals = b.values();
        int m = 0;
        for (int i = 0; i < b.size(); i++) {
            if (!StaleNaN.is(vals[i])) {
                ts[m] = ts[i];
                vals[m++] = vals[i];
            }
        }
        b.setSize(m);
        return m;
    }

    /** Reads the selector's series once; {@code extraBefore}/{@code extraAfter} widen the read for anchored/smoothed windows. */
    RangeInput matrixSelector(MatrixSelector ms, long[] times, long extraBefore, long extraAfter) {
        VectorSelector vs = ms.selector();
        long range = ms.rangeExpr() != null ? durationMs(ms.rangeExpr()) : ms.rangeMs();
        long[] te = effectiveTimes(vs.at(), vs.atMs(), offsetMs(vs.offsetMs(), vs.offsetExpr()), times);
        long mint = te[0] - range - extraBefore + 1;
        long maxt = te[te.length - 1] + extraAfter;
        List<Series> selected = ctx.querier(mint, maxt).select(vs.matchers());
        Object[] read = ParallelSeries.map(ctx, selected.size(), estimatedSamples(mint, maxt), (i, buffer) -> {
            Series s = selected.get(i);
            buffer.clear();
            s.read(mint, maxt, buffer);
            int m = dropStaleMarkers(buffer);
            return m == 0 ? null
                : new RangeInput.Series(s.labels(), Arrays.copyOf(buffer.timestamps(), m), Arrays.copyOf(buffer.values(), m), m, false);
        });
        List<RangeInput.Series> series = new ArrayList<>(read.length);
        for (Object o : read) {
            if (o != null) {
                series.add((RangeInput.Series) o);
            }
        }
        return new RangeInput(series, te, range);
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
                series.add(new RangeInput.Series(s.labels, ts, vals, m, s.dropName));
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
