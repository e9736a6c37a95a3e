package dev.narthex.promql.eval;

import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.StepInvariantExpr;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.functions.GoDate;
import dev.narthex.promql.functions.InstantFunctions;
import dev.narthex.promql.functions.UnaryFunction;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;

/** Function calls: dispatches on the function name to the kernels of {@code promql.functions}. */
final class FunctionCalls {
    private final Evaluator evaluator;
    private final EvalContext ctx;
    private double[] scratch = new double[64];

    FunctionCalls(Evaluator evaluator, EvalContext ctx) {
        this.evaluator = evaluator;
        this.ctx = ctx;
    }

    Object call(Call c, long[] times) {
        String name = c.func().name();
        List<Expr> args = c.args();
        switch (name) {
            case "time":
                return scalarOf(times, t -> t / 1000.0);
            case "pi":
                return scalarOf(times, t -> Math.PI);
            case "start":
                return scalarOf(times, t -> ctx.startMs / 1000.0);
            case "end":
                return scalarOf(times, t -> ctx.endMs / 1000.0);
            case "range":
                return scalarOf(times, t -> (ctx.endMs - ctx.startMs) / 1000.0);
            case "step":
                return scalarOf(times, t -> ctx.stepMs / 1000.0);
            case "min_of", "max_of": {
                double[] a = (double[]) evaluator.eval(args.get(0), times);
                double[] b = (double[]) evaluator.eval(args.get(1), times);
                for (int i = 0; i < a.length; i++) {
                    a[i] = name.equals("min_of") ? InstantFunctions.goMin(a[i], b[i]) : InstantFunctions.goMax(a[i], b[i]);
                }
                return a;
            }
            case "vector": {
                double[] s = (double[]) evaluator.eval(args.get(0), times);
                StepSeries out = new StepSeries(Labels.EMPTY, times.length, false);
                for (int i = 0; i < s.length; i++) {
                    out.set(i, s[i]);
                }
                return new StepVector(times.length, new ArrayList<>(List.of(out)));
            }
            case "scalar":
                return scalar((StepVector) evaluator.eval(args.get(0), times));
            case "timestamp":
                return timestamp(args.get(0), times);
            case "start_timestamp":
                return startTimestamp(args.get(0), times);
            case "absent":
                return absent((StepVector) evaluator.eval(args.get(0), times), args.get(0), times.length);
            case "minute", "hour", "day_of_week", "day_of_month", "day_of_year", "days_in_month", "month", "year":
                return date(GoDate.Field.valueOf(name.toUpperCase(java.util.Locale.ROOT)), args, times);
            case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc":
                return Sorting.sort(name, (StepVector) evaluator.eval(args.get(0), times), stringArgs(args, 1, times), ctx);
            case "label_replace":
                return Labelling.replace((StepVector) evaluator.eval(args.get(0), times), stringArgs(args, 1, times));
            case "label_join":
                return Labelling.join((StepVector) evaluator.eval(args.get(0), times), stringArgs(args, 1, times));
            case "histogram_quantile": {
                double[] q = (double[]) evaluator.eval(args.get(0), times);
                ClassicHistograms.warnInvalidQuantiles(ctx, q);
                StepVector v = (StepVector) evaluator.eval(args.get(1), times);
                return new StepVector(times.length, new ClassicHistograms(ctx, v).quantile(q, null));
            }
            case "histogram_quantiles": {
                StepVector v = (StepVector) evaluator.eval(args.get(0), times);
                String label = (String) evaluator.eval(args.get(1), times);
                ClassicHistograms h = new ClassicHistograms(ctx, v);
                List<StepSeries> out = new ArrayList<>();
                for (int a = 2; a < args.size(); a++) {
                    double[] q = (double[]) evaluator.eval(args.get(a), times);
                    ClassicHistograms.warnInvalidQuantiles(ctx, q);
                    out.addAll(h.quantile(q, label));
                }
                return Merging.mergeSameLabels(new StepVector(times.length, out));
            }
            case "histogram_fraction": {
                double[] lower = (double[]) evaluator.eval(args.get(0), times);
                double[] upper = (double[]) evaluator.eval(args.get(1), times);
                StepVector v = (StepVector) evaluator.eval(args.get(2), times);
                return new StepVector(times.length, new ClassicHistograms(ctx, v).fraction(lower, upper));
            }
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar":
                // these read native histograms only; float samples yield nothing
                evaluator.eval(args.get(0), times);
                return StepVector.empty(times.length);
            case "info":
                return new InfoFunction(evaluator).apply(c, times);
            case "round", "clamp", "clamp_min", "clamp_max":
                return clampOrRound(name, args, times);
            default:
                break;
        }
        UnaryFunction unary = UnaryFunction.forName(name);
        if (unary != null) {
            StepVector v = (StepVector) evaluator.eval(args.get(0), times);
            for (StepSeries s : v.series) {
                for (int i = 0; i < v.steps; i++) {
                    if (s.present[i]) {
                        s.values[i] = unary.apply(s.values[i]);
                    }
                }
                s.dropName = true;
            }
            return v;
        }
        if (!args.isEmpty() && args.get(0).type() == dev.narthex.promql.value.ValueType.MATRIX
                || name.equals("quantile_over_time") || name.equals("predict_linear") || name.equals("double_exponential_smoothing")) {
            return RangeFunctionCalls.apply(this, c, times);
        }
        throw new PromqlException(ErrorType.EXECUTION, "function " + name + " is not implemented");
    }

    Evaluator evaluator() {
        return evaluator;
    }

    EvalContext context() {
        return ctx;
    }

    double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    private interface TimeToValue {
        double apply(long t);
    }

    private static double[] scalarOf(long[] times, TimeToValue f) {
        double[] v = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            v[i] = f.apply(times[i]);
        }
        return v;
    }

    private List<String> stringArgs(List<Expr> args, int from, long[] times) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < args.size(); i++) {
            out.add((String) evaluator.eval(args.get(i), times));
        }
        return out;
    }

    private static double[] scalar(StepVector v) {
        double[] out = new double[v.steps];
        for (int i = 0; i < v.steps; i++) {
            int n = 0;
            double value = Double.NaN;
            for (StepSeries s : v.series) {
                if (s.present[i]) {
                    n++;
                    value = s.values[i];
                }
            }
            out[i] = n == 1 ? value : Double.NaN;
        }
        return out;
    }

    private static Expr unwrap(Expr e) {
        while (true) {
            if (e instanceof ParenExpr p) {
                e = p.expr();
            } else if (e instanceof StepInvariantExpr s) {
                e = s.expr();
            } else {
                return e;
            }
        }
    }

    /** {@code timestamp()} of a plain selector reports the sample's own time, not the step's. */
    private StepVector timestamp(Expr arg, long[] times) {
        Expr inner = unwrap(arg);
        StepVector v;
        if (inner instanceof VectorSelector vs) {
            v = evaluator.vectorSelector(vs, times, true);
        } else {
            v = (StepVector) evaluator.eval(arg, times);
            for (StepSeries s : v.series) {
                for (int i = 0; i < v.steps; i++) {
                    s.values[i] = times[i] / 1000.0;
                }
            }
        }
        for (StepSeries s : v.series) {
            s.dropName = true;
        }
        return v;
    }

    /**
     * The start timestamp (seconds; 0 when unknown) of each step's newest sample, as Prometheus: only for
     * a vector selector and with start timestamps in use; any other argument yields nothing.
     */
    private StepVector startTimestamp(Expr arg, long[] times) {
        if (!(unwrap(arg) instanceof VectorSelector vs) || !ctx.useStartTimestamps) {
            evaluator.eval(arg, times);
            return StepVector.empty(times.length);
        }
        StepVector v = evaluator.vectorSelector(vs, times, Evaluator.Picked.START_TIMESTAMP);
        for (StepSeries s : v.series) {
            s.dropName = true;
        }
        return v;
    }

    private StepVector date(GoDate.Field field, List<Expr> args, long[] times) {
        if (args.isEmpty()) {
            StepSeries out = new StepSeries(Labels.EMPTY, times.length, false);
            for (int i = 0; i < times.length; i++) {
                out.set(i, GoDate.ofMillis(field, times[i]));
            }
            return new StepVector(times.length, new ArrayList<>(List.of(out)));
        }
        StepVector v = (StepVector) evaluator.eval(args.get(0), times);
        for (StepSeries s : v.series) {
            for (int i = 0; i < v.steps; i++) {
                if (s.present[i]) {
                    s.values[i] = GoDate.ofValue(field, s.values[i]);
                }
            }
            s.dropName = true;
        }
        return v;
    }

    private StepVector clampOrRound(String name, List<Expr> args, long[] times) {
        StepVector v = (StepVector) evaluator.eval(args.get(0), times);
        double[] a = args.size() > 1 ? (double[]) evaluator.eval(args.get(1), times) : null;
        double[] b = args.size() > 2 ? (double[]) evaluator.eval(args.get(2), times) : null;
        for (StepSeries s : v.series) {
            for (int i = 0; i < v.steps; i++) {
                if (!s.present[i]) {
                    continue;
                }
                double x = s.values[i];
                switch (name) {
                    case "round" -> s.values[i] = InstantFunctions.round(x, a == null ? 1 : a[i]);
                    case "clamp_min" -> s.values[i] = InstantFunctions.clampMin(x, a[i]);
                    case "clamp_max" -> s.values[i] = InstantFunctions.clampMax(x, a[i]);
                    default -> {
                        if (InstantFunctions.clampHasOutput(a[i], b[i])) {
                            s.values[i] = InstantFunctions.clamp(x, a[i], b[i]);
                        } else {
                            s.present[i] = false;
                        }
                    }
                }
            }
            s.dropName = true;
        }
        v.series.removeIf(StepSeries::isEmpty);
        return v;
    }

    /** {@code absent()}: 1 at the steps where the argument has no series, labelled from its equality matchers. */
    private static StepVector absent(StepVector v, Expr arg, int steps) {
        StepSeries out = new StepSeries(absentLabels(arg), steps, false);
        for (int i = 0; i < steps; i++) {
            boolean any = false;
            for (StepSeries s : v.series) {
                if (s.present[i]) {
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

    /** The labels {@code absent} and {@code absent_over_time} give: equality matchers' values, unless a name repeats. */
    static Labels absentLabels(Expr arg) {
        Expr e = unwrap(arg);
        List<Matcher> matchers;
        if (e instanceof VectorSelector vs) {
            matchers = vs.matchers();
        } else if (e instanceof MatrixSelector ms) {
            matchers = ms.selector().matchers();
        } else {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> repeated = new java.util.HashSet<>();
        for (Matcher m : matchers) {
            if (!seen.add(m.name())) {
                repeated.add(m.name());
            }
        }
        for (Matcher m : matchers) {
            if (m.type() == Matcher.Type.EQUAL && !m.name().equals(Labels.METRIC_NAME) && !repeated.contains(m.name())) {
                b.set(m.name(), m.value());
            }
        }
        return b.build();
    }
}
