package dev.narthex.promql.eval;

import dev.narthex.promql.functions.Annotations;
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
                int c = naturalCompare(a.labels.get(l), b.labels.get(l));
                if (c != 0) {
                    return c;
                }
            }
            return a.labels.compareTo(b.labels);
        };
    }

    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                continue;
            }
            if (ca != cb) {
                return Character.compare(ca, cb);
            }
            i++;
            j++;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
