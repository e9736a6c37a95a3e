package dev.narthex.promql.eval;

import dev.narthex.promql.functions.Annotations;
import dev.narthex.promql.functions.LabelFunctions;
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
        Comparator<StepSeries> order = switch (name) {
            case "sort" -> byValue(false);
            case "sort_desc" -> byValue(true);
            case "sort_by_label" -> byLabels(labels);
            default -> byLabels(labels).reversed();
        };
        v.series.sort(order);
        return v;
    }

    /** By value, NaN last in both directions. */
    private static Comparator<StepSeries> byValue(boolean descending) {
        return (a, b) -> {
            double x = a.values[0];
            double y = b.values[0];
            boolean nx = Double.isNaN(x);
            boolean ny = Double.isNaN(y);
            if (nx || ny) {
                return Boolean.compare(nx, ny);
            }
            return descending ? Double.compare(y, x) : Double.compare(x, y);
        };
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
