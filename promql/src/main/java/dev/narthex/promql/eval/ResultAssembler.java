package dev.narthex.promql.eval;

import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.StringValue;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the evaluator's step values into the API's values, applying the delayed removal of
 * {@code __name__} (with {@code __type__} and {@code __unit__}) and Prometheus's duplicate checks.
 */
final class ResultAssembler {
    private ResultAssembler() {
    }

    static Value instant(Object v, long t) {
        if (v instanceof double[] s) {
            return new Scalar(t, s[0]);
        }
        if (v instanceof String s) {
            return new StringValue(t, s);
        }
        if (v instanceof RangeInput r) {
            return rangeAtInstant(r);
        }
        StepVector vec = (StepVector) v;
        List<Sample> samples = new ArrayList<>(vec.series.size());
        Set<Labels> seen = new HashSet<>();
        for (StepSeries s : vec.series) {
            if (!s.present[0]) {
                continue;
            }
            Labels l = finalLabels(s.labels, s.dropName);
            if (!seen.add(l)) {
                throw new PromqlException(ErrorType.EXECUTION, Merging.DUPLICATE_LABELSET);
            }
            samples.add(new Sample(l, t, s.values[0]));
        }
        return new Vector(samples);
    }

    static Value range(Object v, long[] times) {
        if (v instanceof double[] s) {
            return new Matrix(List.of(new SeriesPoints(Labels.EMPTY, times.clone(), s.clone())));
        }
        if (!(v instanceof StepVector vec)) {
            String type = v instanceof String ? "string" : "range vector";
            throw new PromqlException(ErrorType.BAD_DATA,
                    "invalid expression type \"" + type + "\" for range query, must be Scalar or instant Vector");
        }
        for (StepSeries s : vec.series) {
            s.labels = finalLabels(s.labels, s.dropName);
            s.dropName = false;
        }
        StepVector merged = Merging.mergeSameLabels(vec);
        List<SeriesPoints> out = new ArrayList<>(merged.series.size());
        for (StepSeries s : merged.series) {
            int n = s.pointCount();
            if (n == 0) {
                continue;
            }
            long[] ts = new long[n];
            double[] vals = new double[n];
            int k = 0;
            for (int i = 0; i < times.length; i++) {
                if (s.present[i]) {
                    ts[k] = times[i];
                    vals[k++] = s.values[i];
                }
            }
            out.add(new SeriesPoints(s.labels, ts, vals));
        }
        out.sort(Comparator.comparing(SeriesPoints::labels));
        return new Matrix(out);
    }

    private static Matrix rangeAtInstant(RangeInput r) {
        List<SeriesPoints> out = new ArrayList<>();
        long end = r.windowEnd[0];
        long start = end - r.rangeMs;
        for (RangeInput.Series s : r.series) {
            int lo = RangeInput.upperBound(s.timestamps(), s.size(), start);
            int hi = RangeInput.upperBound(s.timestamps(), s.size(), end);
            if (hi > lo) {
                out.add(new SeriesPoints(finalLabels(s.labels(), s.dropName()),
                        java.util.Arrays.copyOfRange(s.timestamps(), lo, hi), java.util.Arrays.copyOfRange(s.values(), lo, hi)));
            }
        }
        out.sort(Comparator.comparing(SeriesPoints::labels));
        return new Matrix(out);
    }

    private static Labels finalLabels(Labels l, boolean dropName) {
        if (!dropName) {
            return l;
        }
        return l.toBuilder().remove(Labels.METRIC_NAME).remove("__type__").remove("__unit__").build();
    }
}
