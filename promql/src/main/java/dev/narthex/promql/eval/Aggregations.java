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
 * and per step, filled series by series over ranges of steps, so no work is repeated per step.
 */
final class Aggregations {
    /** Step ranges an aggregation is split into for the query threads; enough to balance, few enough to stay cheap. */
    private static final int STEP_CHUNKS = 64;
    /** Input series computed at a time when folding a {@link SeriesProducer}: enough to keep both cores busy, little memory. */
    private static final int FOLD_BATCH = 256;
    /** Groups an accumulator starts with when their number is not known yet; it doubles as needed. */
    private static final int FOLD_GROUPS = 16;
    private final Evaluator evaluator;
    private final EvalContext ctx;
    private final LimitRatio limitRatio = new LimitRatio();

    Aggregations(Evaluator evaluator, EvalContext ctx) {
        this.evaluator = evaluator;
        this.ctx = ctx;
    }

    Object aggregate(AggregateExpr a, long[] times) {
        Object param = a.param() == null ? null : evaluator.eval(a.param(), times);
        int steps = times.length;
        AggregateOp op = a.op();
        // count and group use only which series have a point at each step, so values need not be decoded.
        boolean presenceOnly = op == AggregateOp.COUNT || op == AggregateOp.GROUP;
        SeriesProducer producer = folds(op) ? evaluator.producer(a.expr(), times, presenceOnly) : null;
        if (producer != null) {
            if (op == AggregateOp.QUANTILE) {
                checkQuantileParam((double[]) param);
            }
            return fold(a, producer, param, steps);
        }
        StepVector in = (StepVector) evaluator.eval(a.expr(), times);
        if (op == AggregateOp.COUNT_VALUES) {
            return countValues(a, (String) param, in);
        }
        if (op == AggregateOp.QUANTILE) {
            checkQuantileParam((double[]) param);
        }
        Groups groups = new Groups();
        int[] groupOf = new int[in.series.size()];
        for (int s = 0; s < in.series.size(); s++) {
            groupOf[s] = groups.of(groupingLabels(in.series.get(s).labels, a));
        }
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
            return selectK(op, (double[]) param, in, groupOf, groups.size());
        }
        Accumulator acc = new Accumulator(op, groups.size(), steps);
        List<StepSeries> inputs = in.series;
        for (int s = 0; s < inputs.size(); s++) {
            if (inputs.get(s).dropName) {
                acc.dropName[groupOf[s]] = true;
            }
        }
        addAll(acc, inputs.toArray(new StepSeries[0]), groupOf, inputs.size(), steps);
        return results(acc, groups, param, steps);
    }

    /** Operators folded series by series from a {@link SeriesProducer}: all but those that keep or relabel input series. */
    private static boolean folds(AggregateOp op) {
        return switch (op) {
            case SUM, AVG, COUNT, GROUP, MIN, MAX, STDDEV, STDVAR, QUANTILE -> true;
            default -> false;
        };
    }

    /**
     * Aggregates a producer's series batch by batch: each batch is computed on the query threads into reused
     * series, then added in series order, so the result is the same as aggregating the materialized vector
     * while only one batch of input series is ever held.
     */
    private StepVector fold(AggregateExpr a, SeriesProducer p, Object param, int steps) {
        int n = p.size();
        int batch = Math.max(1, Math.min(n, FOLD_BATCH));
        StepSeries[] slots = new StepSeries[batch];
        long[] widest = new long[batch];
        int[] groupOf = new int[batch];
        Groups groups = new Groups();
        Accumulator acc = new Accumulator(a.op(), Math.min(n, FOLD_GROUPS), steps);
        long widestWindow = 0;
        for (int from = 0; from < n; from += batch) {
            int first = from;
            int m = Math.min(batch, n - from);
            ParallelSeries.map(ctx, m, p.workPerSeries(), (j, buffer) -> {
                StepSeries s = slots[j];
                if (s == null) {
                    s = new StepSeries(null, steps, false);
                    slots[j] = s;
                } else {
                    Arrays.fill(s.present, false);
                }
                widest[j] = p.produce(first + j, buffer, s);
                return null;
            });
            for (int j = 0; j < m; j++) {
                widestWindow = Math.max(widestWindow, widest[j]);
                StepSeries s = slots[j];
                if (s.isEmpty()) {
                    groupOf[j] = -1;
                    continue;
                }
                p.accept(s);
                int g = groups.of(groupingLabels(s.labels, a));
                acc.ensureGroups(groups.size());
                acc.dropName[g] |= s.dropName;
                groupOf[j] = g;
            }
            addAll(acc, slots, groupOf, m, steps);
        }
        p.finish(widestWindow);
        return results(acc, groups, param, steps);
    }

    /**
     * Adds series {@code 0..n-1} to their groups ({@code groupOf}, -1 for none). Each thread takes whole
     * ranges of steps and adds every series to them in order, so each accumulator sees the same values in
     * the same order as a sequential loop: results are identical.
     */
    private void addAll(Accumulator acc, StepSeries[] series, int[] groupOf, int n, int steps) {
        int chunks = Math.min(steps, STEP_CHUNKS);
        ParallelSeries.map(ctx, chunks, (long) n * steps / chunks, (c, buffer) -> {
            int from = (int) ((long) c * steps / chunks);
            int to = (int) ((long) (c + 1) * steps / chunks);
            for (int s = 0; s < n; s++) {
                if (groupOf[s] >= 0) {
                    acc.addSteps(groupOf[s], series[s].values, series[s].present, from, to);
                }
            }
            return null;
        });
    }

    /** One output series per group that has a point at some step. */
    private static StepVector results(Accumulator acc, Groups groups, Object param, int steps) {
        List<StepSeries> out = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            StepSeries s = new StepSeries(groups.labels.get(g), steps, acc.dropName[g]);
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

    /** Group numbers in order of first appearance, by output labels. */
    private static final class Groups {
        final List<Labels> labels = new ArrayList<>();
        private final Map<Labels, Integer> index = new HashMap<>();

        int of(Labels key) {
            Integer g = index.get(key);
            if (g == null) {
                g = labels.size();
                index.put(key, g);
                labels.add(key);
            }
            return g;
        }

        int size() {
            return labels.size();
        }
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

    /** Per-group, per-step accumulators in flat arrays indexed {@code group * steps + step}; groups can be added. */
    private static final class Accumulator {
        final AggregateOp op;
        final int steps;
        double[] value;
        double[] comp;
        double[] mean;
        long[] count;
        boolean[] incremental;
        boolean[] dropName;
        double[][] quantileValues;
        private int capacity;

        Accumulator(AggregateOp op, int groups, int steps) {
            this.op = op;
            this.steps = steps;
            allocate(groups);
        }

        private void allocate(int groups) {
            capacity = groups;
            int n = groups * steps;
            count = new long[n];
            dropName = new boolean[groups];
            // each operator allocates only the state it uses
            boolean sums = op == AggregateOp.SUM || op == AggregateOp.AVG;
            value = sums || op == AggregateOp.MIN || op == AggregateOp.MAX || op == AggregateOp.STDDEV
                || op == AggregateOp.STDVAR ? new double[n] : null;
            comp = sums ? new double[n] : null;
            mean = op == AggregateOp.AVG || op == AggregateOp.STDDEV || op == AggregateOp.STDVAR ? new double[n] : null;
            incremental = op == AggregateOp.AVG ? new boolean[n] : null;
            quantileValues = op == AggregateOp.QUANTILE ? new double[n][] : null;
        }

        /** Makes room for groups {@code 0..groups-1}, keeping the accumulated values. */
        void ensureGroups(int groups) {
            if (groups <= capacity) {
                return;
            }
            int grown = Math.max(groups, capacity * 2);
            int n = grown * steps;
            count = Arrays.copyOf(count, n);
            dropName = Arrays.copyOf(dropName, grown);
            value = value == null ? null : Arrays.copyOf(value, n);
            comp = comp == null ? null : Arrays.copyOf(comp, n);
            mean = mean == null ? null : Arrays.copyOf(mean, n);
            incremental = incremental == null ? null : Arrays.copyOf(incremental, n);
            quantileValues = quantileValues == null ? null : Arrays.copyOf(quantileValues, n);
            capacity = grown;
        }

        /** Adds one series' points at steps {@code [from, to)} to group {@code g}; the common operators without per-point dispatch. */
        void addSteps(int g, double[] values, boolean[] present, int from, int to) {
            int base = g * steps;
            switch (op) {
                case SUM -> {
                    for (int i = from; i < to; i++) {
                        if (present[i]) {
                            count[base + i]++;
                            kahanAdd(base + i, values[i]);
                        }
                    }
                }
                case COUNT, GROUP -> {
                    for (int i = from; i < to; i++) {
                        if (present[i]) {
                            count[base + i]++;
                        }
                    }
                }
                default -> {
                    for (int i = from; i < to; i++) {
                        if (present[i]) {
                            add(g, i, values[i]);
                        }
                    }
                }
            }
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
