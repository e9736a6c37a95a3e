package dev.narthex.promql.eval;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.storage.text.GoFloatFormat;
import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AggregateOp;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.functions.Annotations;
import dev.narthex.promql.functions.KSelector;
import dev.narthex.promql.functions.LabelFunctions;
import dev.narthex.promql.functions.LimitRatio;
import dev.narthex.promql.functions.Quantiles;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregation operators. Group keys are computed once per input series; accumulators are per group
 * and per step, filled series by series, so no work is repeated per step.
 */
final class Aggregations {
    private final Evaluator evaluator;
    private final EvalContext ctx;
    private final LimitRatio limitRatio = new LimitRatio();

    Aggregations(Evaluator evaluator, EvalContext ctx) {
        this.evaluator = evaluator;
        this.ctx = ctx;
    }

    Object aggregate(AggregateExpr a, long[] times) {
        Object param = a.param() == null ? null : evaluator.eval(a.param(), times);
        AggregateOp op = a.op();
        // count and group use only which series have a point at each step, so values need not be decoded.
        boolean presence = op == AggregateOp.COUNT || op == AggregateOp.GROUP;
        StepVector in = (StepVector) (presence ? evaluator.evalPresence(a.expr(), times) : evaluator.eval(a.expr(), times));
        int steps = times.length;
        if (op == AggregateOp.COUNT_VALUES) {
            return countValues(a, (String) param, in);
        }
        if (op == AggregateOp.QUANTILE) {
            checkQuantileParam((double[]) param);
        }
        List<Labels> groupLabels = new ArrayList<>();
        int[] groupOf = new int[in.series.size()];
        Map<Labels, Integer> groupIndex = new HashMap<>();
        for (int s = 0; s < in.series.size(); s++) {
            Labels key = groupingLabels(in.series.get(s).labels, a);
            Integer g = groupIndex.get(key);
            if (g == null) {
                g = groupLabels.size();
                groupIndex.put(key, g);
                groupLabels.add(key);
            }
            groupOf[s] = g;
        }
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
            return selectK(op, (double[]) param, in, groupOf, groupLabels.size());
        }
        int groups = groupLabels.size();
        Accumulator acc = new Accumulator(op, groups, steps);
        for (int s = 0; s < in.series.size(); s++) {
            ctx.checkCancelled();
            StepSeries series = in.series.get(s);
            int g = groupOf[s];
            for (int i = 0; i < steps; i++) {
                if (series.present[i]) {
                    acc.add(g, i, series.values[i]);
                }
            }
            if (series.dropName) {
                acc.dropName[g] = true;
            }
        }
        List<StepSeries> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            StepSeries s = new StepSeries(groupLabels.get(g), steps, acc.dropName[g]);
            for (int i = 0; i < steps; i++) {
                if (acc.count[g * steps + i] > 0) {
                    s.set(i, acc.result(g, i, param instanceof double[] p ? p[i] : 0));
                }
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return new StepVector(steps, out);
    }

    private void checkQuantileParam(double[] q) {
        for (double v : q) {
            if (Double.isNaN(v) || v < 0 || v > 1) {
                ctx.warnings.add(Annotations.invalidQuantile(v));
            }
        }
    }

    /** The output labels of a series' group: the {@code by} labels, or all but the {@code without} ones and the metric name. */
    static Labels groupingLabels(Labels l, AggregateExpr a) {
        if (!a.without()) {
            Labels.Builder b = Labels.builder();
            for (String name : a.grouping()) {
                b.set(name, l.get(name));
            }
            return b.build();
        }
        Labels.Builder b = l.toBuilder();
        b.remove(Labels.METRIC_NAME).remove("__type__").remove("__unit__");
        for (String name : a.grouping()) {
            b.remove(name);
        }
        return b.build();
    }

    private StepVector countValues(AggregateExpr a, String label, StepVector in) {
        if (!LabelFunctions.isValidLabelName(label)) {
            throw new PromqlException(ErrorType.EXECUTION, "invalid label name " + GoQuote.quote(label));
        }
        int steps = in.steps;
        Map<Labels, StepSeries> out = new java.util.LinkedHashMap<>();
        for (StepSeries s : in.series) {
            Labels base = groupingLabels(s.labels, a);
            for (int i = 0; i < steps; i++) {
                if (!s.present[i]) {
                    continue;
                }
                Labels key = base.toBuilder().set(label, GoFloatFormat.formatF(s.values[i])).build();
                StepSeries o = out.computeIfAbsent(key, k -> new StepSeries(k, steps, false));
                o.values[i] = o.present[i] ? o.values[i] + 1 : 1;
                o.present[i] = true;
            }
        }
        return new StepVector(steps, new ArrayList<>(out.values()));
    }

    /**
     * topk, bottomk, limitk and limit_ratio keep whole input series at the steps where they are selected;
     * the per-group choice (ties, NaNs, output order) is Prometheus's heap, replicated by {@link KSelector}.
     */
    private StepVector selectK(AggregateOp op, double[] param, StepVector in, int[] groupOf, int groups) {
        int steps = in.steps;
        boolean ratio = op == AggregateOp.LIMIT_RATIO;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        boolean nan = false;
        for (double p : param) {
            nan |= Double.isNaN(p);
            max = Math.max(max, p);
            min = Math.min(min, p);
        }
        List<StepSeries> out = new ArrayList<>();
        if (ratio ? max == 0 && min == 0 : max < 1) {
            return new StepVector(steps, out);
        }
        if (nan) {
            throw new PromqlException(ErrorType.EXECUTION, ratio ? LimitRatio.RATIO_NAN : KSelector.PARAMETER_NAN);
        }
        if (ratio) {
            if (max > 1) {
                ctx.warnings.add(Annotations.invalidRatio(max, 1));
            }
            if (min < -1) {
                ctx.warnings.add(Annotations.invalidRatio(min, -1));
            }
        } else if (KSelector.underflows(min)) {
            throw new PromqlException(ErrorType.EXECUTION, KSelector.underflowMessage(min));
        } else if (KSelector.overflows(max)) {
            throw new PromqlException(ErrorType.EXECUTION, KSelector.overflowMessage(max));
        }
        KSelector.Mode mode = switch (op) {
            case TOPK -> KSelector.Mode.TOPK;
            case BOTTOMK -> KSelector.Mode.BOTTOMK;
            case LIMITK -> KSelector.Mode.LIMITK;
            default -> KSelector.Mode.LIMIT_RATIO;
        };
        int n = in.series.size();
        StepSeries[] copies = new StepSeries[n];
        double[] offsets = ratio ? new double[n] : null;
        for (int s = 0; s < n; s++) {
            StepSeries src = in.series.get(s);
            copies[s] = new StepSeries(src.labels, steps, src.dropName);
            if (ratio) {
                offsets[s] = limitRatio.sampleOffset(src.labels);
            }
        }
        KSelector selector = new KSelector();
        int[] chosen = new int[Math.max(1, n)];
        for (int i = 0; i < steps; i++) {
            long k = ratio ? 0 : KSelector.k(param[i], n);
            if (!ratio && k < 1) {
                continue;
            }
            double r = ratio ? LimitRatio.cap(param[i]) : 0;
            selector.reset(mode, k, groups);
            for (int s = 0; s < n; s++) {
                StepSeries src = in.series.get(s);
                if (src.present[i] && (!ratio || LimitRatio.accept(r, offsets[s]))) {
                    selector.offer(groupOf[s], s, src.values[i]);
                }
            }
            for (int g = 0; g < groups; g++) {
                if (selector.size(g) == 0) {
                    continue;
                }
                int count = selector.sorted(g, chosen);
                for (int j = 0; j < count; j++) {
                    StepSeries c = copies[chosen[j]];
                    if (steps == 1) {
                        out.add(c); // an instant query keeps Prometheus's order: groups, then the selection order
                    }
                    c.set(i, in.series.get(chosen[j]).values[i]);
                }
            }
        }
        if (steps > 1) {
            for (StepSeries c : copies) {
                if (!c.isEmpty()) {
                    out.add(c);
                }
            }
        }
        return new StepVector(steps, out);
    }

    /** Per-group, per-step accumulators in flat arrays indexed {@code group * steps + step}. */
    private static final class Accumulator {
        final AggregateOp op;
        final int steps;
        final double[] value;
        final double[] comp;
        final double[] mean;
        final long[] count;
        final boolean[] incremental;
        final boolean[] dropName;
        final double[][] quantileValues;

        Accumulator(AggregateOp op, int groups, int steps) {
            this.op = op;
            this.steps = steps;
            int n = groups * steps;
            value = new double[n];
            comp = new double[n];
            mean = new double[n];
            count = new long[n];
            incremental = op == AggregateOp.AVG ? new boolean[n] : null;
            dropName = new boolean[groups];
            quantileValues = op == AggregateOp.QUANTILE ? new double[n][] : null;
        }

        void add(int g, int step, double f) {
            int k = g * steps + step;
            long c = ++count[k];
            switch (op) {
                case SUM -> kahanAdd(k, f);
                case AVG -> {
                    if (c == 1) {
                        value[k] = f;
                        return;
                    }
                    if (!incremental[k]) {
                        double t = value[k] + f;
                        if (!Double.isInfinite(t)) {
                            kahanAdd(k, f);
                            return;
                        }
                        incremental[k] = true;
                        mean[k] = value[k] / (c - 1);
                        comp[k] /= (c - 1);
                    }
                    double q = (double) (c - 1) / c;
                    double sum = q * mean[k];
                    double cc = q * comp[k];
                    double inc = f / c;
                    double t = sum + inc;
                    if (Double.isInfinite(t)) {
                        cc = 0;
                    } else if (Math.abs(sum) >= Math.abs(inc)) {
                        cc += (sum - t) + inc;
                    } else {
                        cc += (inc - t) + sum;
                    }
                    mean[k] = t;
                    comp[k] = cc;
                }
                case COUNT, GROUP -> {
                }
                case MIN -> {
                    if (c == 1 || value[k] > f || Double.isNaN(value[k])) {
                        value[k] = f;
                    }
                }
                case MAX -> {
                    if (c == 1 || value[k] < f || Double.isNaN(value[k])) {
                        value[k] = f;
                    }
                }
                case STDDEV, STDVAR -> {
                    if (c == 1) {
                        mean[k] = f;
                        value[k] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
                        return;
                    }
                    double delta = f - mean[k];
                    mean[k] += delta / c;
                    value[k] += delta * (f - mean[k]);
                }
                case QUANTILE -> {
                    if (quantileValues[k] == null) {
                        quantileValues[k] = new double[4];
                    } else if (c > quantileValues[k].length) {
                        quantileValues[k] = Arrays.copyOf(quantileValues[k], quantileValues[k].length * 2);
                    }
                    quantileValues[k][(int) c - 1] = f;
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }

        private void kahanAdd(int k, double inc) {
            double sum = value[k];
            double t = sum + inc;
            if (Double.isInfinite(t)) {
                comp[k] = 0;
            } else if (Math.abs(sum) >= Math.abs(inc)) {
                comp[k] += (sum - t) + inc;
            } else {
                comp[k] += (inc - t) + sum;
            }
            value[k] = t;
        }

        double result(int g, int step, double param) {
            int k = g * steps + step;
            return switch (op) {
                case SUM -> value[k] + comp[k];
                case AVG -> {
                    if (count[k] == 1) {
                        yield value[k];
                    }
                    yield incremental[k] ? mean[k] + comp[k] : value[k] / count[k] + comp[k] / count[k];
                }
                case COUNT -> count[k];
                case GROUP -> 1;
                case MIN, MAX -> value[k];
                case STDVAR -> value[k] / count[k];
                case STDDEV -> Math.sqrt(value[k] / count[k]);
                case QUANTILE -> {
                    yield Quantiles.quantile(param, quantileValues[k], (int) count[k]);
                }
                default -> throw new IllegalStateException(op.toString());
            };
        }
    }
}
