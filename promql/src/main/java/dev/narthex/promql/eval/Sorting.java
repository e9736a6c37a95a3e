package dev.narthex.promql.eval;

import dev.narthex.promql.functions.Annotations;
import dev.narthex.promql.functions.LabelFunctions;
import dev.narthex.promql.functions.ValueSort;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code sort}, {@code sort_desc}, {@code sort_by_label}, {@code sort_by_label_desc}. Only an instant
 * query's order is observable; a range query's result is ordered by labels and gets Prometheus's warning.
 */
final class Sorting {
    private Sorting() {
    }

    static StepVector sort(String name, StepVector v, List<String> labels, EvalContext ctx) {
        if (ctx.rangeQuery) {
            ctx.warnings.add(Annotations.SORT_IN_RANGE_QUERY);
            return v;
        }
        if (v.steps != 1) {
            return v;
        }
        if (name.equals("sort") || name.equals("sort_desc")) {
            sortByValue(v, name.equals("sort_desc"));
            return v;
        }
        Comparator<StepSeries> order = byLabels(labels);
        v.series.sort(name.equals("sort_by_label") ? order : order.reversed());
        return v;
    }

    /** Go's unstable sort decisions, replicated by {@link ValueSort}, so that ties order as in Prometheus. */
    private static void sortByValue(StepVector v, boolean descending) {
        int n = v.series.size();
        double[] values = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = v.series.get(i).values[0];
            order[i] = i;
        }
        new ValueSort().sort(values, order, n, descending);
        StepSeries[] sorted = new StepSeries[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = v.series.get(order[i]);
        }
        v.series.clear();
        v.series.addAll(Arrays.asList(sorted));
    }

    /** By the given labels in natural order (digit runs compare as numbers), then by the whole label set. */
    private static Comparator<StepSeries> byLabels(List<String> labels) {
        return (a, b) -> {
            for (String l : labels) {
                int c = LabelFunctions.compareNatural(a.labels.get(l), b.labels.get(l));
                if (c != 0) {
                    return c;
                }
            }
            return a.labels.compareTo(b.labels);
        };
    }
}
