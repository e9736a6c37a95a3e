package dev.narthex.promql.eval;

import dev.narthex.storage.text.GoFloatFormat;
import dev.narthex.storage.text.GoParseFloat;
import dev.narthex.promql.functions.Annotations;
import dev.narthex.promql.functions.BucketQuantile;
import dev.narthex.promql.functions.Quantiles;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile}, {@code histogram_quantiles} and {@code histogram_fraction} over classic
 * histograms: bucket series are grouped once by their labels without {@code le}; per step the present
 * buckets of a group are handed to the {@link BucketQuantile} kernel. The result keeps the metric name
 * until delayed name removal drops it.
 */
final class ClassicHistograms {
    private static final String BUCKET_LABEL = "le";

    private final EvalContext ctx;
    private final StepVector input;
    private final List<Labels> groupLabels = new ArrayList<>();
    private final List<int[]> members = new ArrayList<>();
    private final double[] upperBounds;
    private double[] bounds;
    private double[] counts;

    ClassicHistograms(EvalContext ctx, StepVector input) {
        this.ctx = ctx;
        this.input = input;
        this.upperBounds = new double[input.series.size()];
        Map<Labels, List<Integer>> byGroup = new HashMap<>();
        for (int s = 0; s < input.series.size(); s++) {
            StepSeries series = input.series.get(s);
            String le = series.labels.get(BUCKET_LABEL);
            if (!GoParseFloat.isValid(le)) {
                if (!series.isEmpty()) {
                    ctx.warnings.add(Annotations.badBucketLabel(series.labels.metricName(), le));
                }
                continue;
            }
            upperBounds[s] = GoParseFloat.parse(le);
            Labels group = series.labels.toBuilder().remove(BUCKET_LABEL).build();
            List<Integer> list = byGroup.get(group);
            if (list == null) {
                list = new ArrayList<>();
                byGroup.put(group, list);
                groupLabels.add(group);
            }
            list.add(s);
        }
        for (Labels g : groupLabels) {
            members.add(byGroup.get(g).stream().mapToInt(Integer::intValue).toArray());
        }
        bounds = new double[Math.max(1, input.series.size())];
        counts = new double[bounds.length];
    }

    static void warnInvalidQuantiles(EvalContext ctx, double[] qs) {
        for (double q : qs) {
            if (Quantiles.isInvalidQuantile(q)) {
                ctx.warnings.add(Annotations.invalidQuantile(q));
            }
        }
    }

    /** One output series per histogram; {@code quantileLabel} non-null adds that label with the quantile's value. */
    List<StepSeries> quantile(double[] q, String quantileLabel) {
        BucketQuantile kernel = new BucketQuantile();
        List<StepSeries> out = new ArrayList<>();
        for (int g = 0; g < groupLabels.size(); g++) {
            Labels labels = groupLabels.get(g);
            if (quantileLabel != null) {
                labels = labels.toBuilder().set(quantileLabel, GoFloatFormat.formatOpenMetrics(q[0])).build();
            }
            StepSeries o = new StepSeries(labels, input.steps, true);
            for (int i = 0; i < input.steps; i++) {
                int n = gather(g, i);
                if (n == 0) {
                    continue;
                }
                o.set(i, kernel.quantile(q[i], bounds, counts, n));
                if (kernel.forcedMonotonic) {
                    ctx.infos.add(Annotations.histogramQuantileForcedMonotonicity(groupLabels.get(g).metricName()));
                }
            }
            if (!o.isEmpty()) {
                out.add(o);
            }
        }
        return out;
    }

    List<StepSeries> fraction(double[] lower, double[] upper) {
        List<StepSeries> out = new ArrayList<>();
        for (int g = 0; g < groupLabels.size(); g++) {
            StepSeries o = new StepSeries(groupLabels.get(g), input.steps, true);
            for (int i = 0; i < input.steps; i++) {
                int n = gather(g, i);
                if (n > 0) {
                    o.set(i, BucketQuantile.fraction(lower[i], upper[i], bounds, counts, n));
                }
            }
            if (!o.isEmpty()) {
                out.add(o);
            }
        }
        return out;
    }

    /** Copies the group's buckets present at a step into the scratch arrays (the kernel reorders them). */
    private int gather(int g, int step) {
        int n = 0;
        for (int s : members.get(g)) {
            StepSeries series = input.series.get(s);
            if (series.present[step]) {
                bounds[n] = upperBounds[s];
                counts[n++] = series.values[step];
            }
        }
        return n;
    }
}
