package dev.narthex.promql.eval;

import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AggregateOp;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.functions.GoFloatFormat;
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
        StepVector in = (StepVector) evaluator.eval(a.expr(), times);
        int steps = times.length;
        AggregateOp op = a.op();
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
                ctx.warnings.add("PromQL warning: quantile value should be between 0 and 1, got " + GoFloatFormat.formatG(v));
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
            throw new PromqlException(ErrorType.EXECUTION, "invalid label name " + dev.narthex.promql.ast.Printer.quote(label));
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

    /** topk, bottomk, limitk and limit_ratio: keep whole input series at the steps where they are selected. */
    private StepVector selectK(AggregateOp op, double[] param, StepVector in, int[] groupOf, int groups) {
        int steps = in.steps;
        boolean any = false;
        for (double p : param) {
            if (Double.isNaN(p)) {
                throw new PromqlException(ErrorType.EXECUTION, op == AggregateOp.LIMIT_RATIO ? "Ratio value is NaN" : "Parameter value is NaN");
            }
            any |= op == AggregateOp.LIMIT_RATIO ? p != 0 : p >= 1;
        }
        if (op == AggregateOp.LIMIT_RATIO) {
            double max = Arrays.stream(param).max().orElse(0);
            double min = Arrays.stream(param).min().orElse(0);
            if (max > 1) {
                ctx.warnings.add("PromQL warning: ratio value should be between -1 and 1, got " + GoFloatFormat.formatG(max) + ", capping to 1");
            }
            if (min < -1) {
                ctx.warnings.add("PromQL warning: ratio value should be between -1 and 1, got " + GoFloatFormat.formatG(min) + ", capping to -1");
            }
        }
        List<StepSeries> out = new ArrayList<>();
        if (!any) {
            return new StepVector(steps, out);
        }
        int n = in.series.size();
        StepSeries[] copies = new StepSeries[n];
        for (int s = 0; s < n; s++) {
            StepSeries src = in.series.get(s);
            copies[s] = new StepSeries(src.labels, steps, src.dropName);
        }
        Integer[] order = new Integer[n];
        List<Integer> firstStepOrder = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            for (int s = 0; s < n; s++) {
                order[s] = s;
            }
            final int step = i;
            if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
                boolean top = op == AggregateOp.TOPK;
                Arrays.sort(order, (x, y) -> {
                    double vx = in.series.get(x).values[step];
                    double vy = in.series.get(y).values[step];
                    boolean nx = Double.isNaN(vx);
                    boolean ny = Double.isNaN(vy);
                    if (nx || ny) {
                        return Boolean.compare(nx, ny);
                    }
                    return top ? Double.compare(vy, vx) : Double.compare(vx, vy);
                });
            }
            int[] taken = new int[groups];
            long k = (long) param[i];
            double ratio = Math.max(-1, Math.min(1, param[i]));
            for (int idx = 0; idx < n; idx++) {
                int s = order[idx];
                StepSeries src = in.series.get(s);
                if (!src.present[i]) {
                    continue;
                }
                boolean keep;
                if (op == AggregateOp.LIMIT_RATIO) {
                    double offset = limitRatio.sampleOffset(src.labels);
                    keep = ratio >= 0 ? offset < ratio : offset >= 1 + ratio;
                } else {
                    keep = taken[groupOf[s]] < k;
                }
                if (keep) {
                    taken[groupOf[s]]++;
                    copies[s].set(i, src.values[i]);
                    if (i == 0) {
                        firstStepOrder.add(s);
                    }
                }
            }
        }
        if (steps == 1) {
            // instant query: groups in order of appearance, within a group the selection order
            List<Integer> byGroup = new ArrayList<>(firstStepOrder);
            byGroup.sort((x, y) -> Integer.compare(groupOf[x], groupOf[y]));
            for (int s : byGroup) {
                out.add(copies[s]);
            }
            return new StepVector(steps, out);
        }
        for (StepSeries c : copies) {
            if (!c.isEmpty()) {
                out.add(c);
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
