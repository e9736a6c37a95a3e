package dev.narthex.promql.scripts;

import dev.narthex.promql.functions.AlmostEqual;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.StringValue;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Labels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares a query's value with an eval's expectations, as upstream's {@code compareResult} (FORMAT.md section 8). */
final class ResultComparator {
    private static final double EPSILON = 1e-6;

    private ResultComparator() {
    }

    /**
     * @param startMs time of the first expected value of a matrix series
     * @param stepMs  spacing of expected matrix values
     * @return null when the value matches, else a description of the first difference
     */
    static String compare(Script.Eval ev, Value value, long startMs, long stepMs) {
        if (ev.expectedString() != null) {
            if (!(value instanceof StringValue s)) {
                return "expected string but got " + value.type().apiName();
            }
            return s.value().equals(ev.expectedString()) ? null : "expected string \"" + ev.expectedString() + "\" but got \"" + s.value() + "\"";
        }
        Map<Labels, SeriesNotation.Series> expected = new HashMap<>();
        Map<Labels, Integer> positions = new HashMap<>();
        List<SeriesNotation.Series> list = ev.expectedSeries();
        for (int i = 0; i < list.size(); i++) {
            expected.put(list.get(i).labels(), list.get(i));
            positions.put(list.get(i).labels(), i);
        }
        if (value instanceof Matrix m) {
            if (ev.ordered()) {
                return "expected ordered result, but query returned a matrix";
            }
            if (ev.expectedScalar() != null) {
                return "expected scalar result, but got matrix";
            }
            String sorted = checkSorted(m);
            if (sorted != null) {
                return sorted;
            }
            Set<Labels> seen = new HashSet<>();
            for (SeriesPoints s : m.series()) {
                SeriesNotation.Series exp = expected.get(s.labels());
                if (exp == null) {
                    return "unexpected metric " + s.labels() + " in result";
                }
                seen.add(s.labels());
                String err = comparePoints(exp, s, startMs, stepMs);
                if (err != null) {
                    return err;
                }
            }
            return missing(expected.keySet(), seen);
        }
        if (value instanceof Vector v) {
            if (ev.expectedScalar() != null) {
                return "expected scalar result, but got vector of " + v.samples().size() + " samples";
            }
            Set<Labels> seen = new HashSet<>();
            for (int pos = 0; pos < v.samples().size(); pos++) {
                Sample s = v.samples().get(pos);
                SeriesNotation.Series exp = expected.get(s.labels());
                if (exp == null) {
                    return "unexpected metric " + s.labels() + " in result, has value " + s.value();
                }
                if (ev.ordered() && positions.get(s.labels()) != pos) {
                    return "expected metric " + s.labels() + " at position " + (positions.get(s.labels()) + 1) + " but was at " + (pos + 1);
                }
                if (!seen.add(s.labels())) {
                    return "duplicate series " + s.labels() + " in result";
                }
                if (exp.kinds()[0] == SeriesNotation.HISTOGRAM) {
                    return "expected native histogram for " + s.labels() + " but got float " + s.value();
                }
                if (!almostEqual(exp.values()[0], s.value())) {
                    return "expected " + exp.values()[0] + " for " + s.labels() + " but got " + s.value();
                }
            }
            return missing(expected.keySet(), seen);
        }
        if (value instanceof Scalar s) {
            if (ev.expectedScalar() == null) {
                return "expected vector or matrix result, but got scalar " + s.value();
            }
            return almostEqual(ev.expectedScalar(), s.value()) ? null : "expected scalar " + ev.expectedScalar() + " but got " + s.value();
        }
        return "unexpected string result";
    }

    private static String comparePoints(SeriesNotation.Series exp, SeriesPoints actual, long startMs, long stepMs) {
        int n = 0;
        for (int i = 0; i < exp.size(); i++) {
            if (exp.kinds()[i] == SeriesNotation.HISTOGRAM) {
                return "expected native histogram points for " + actual.labels();
            }
            if (exp.kinds()[i] != SeriesNotation.FLOAT) {
                continue;
            }
            long t = startMs + i * stepMs;
            if (n >= actual.size()) {
                return "expected point " + exp.values()[i] + " @ " + t + " for " + actual.labels() + " but the series ended";
            }
            if (actual.timestamps()[n] != t || !almostEqual(exp.values()[i], actual.values()[n])) {
                return "expected " + exp.values()[i] + " @ " + t + " for " + actual.labels() + " but got " + actual.values()[n] + " @ " + actual.timestamps()[n];
            }
            n++;
        }
        if (n != actual.size()) {
            return "unexpected extra point " + actual.values()[n] + " @ " + actual.timestamps()[n] + " for " + actual.labels();
        }
        return null;
    }

    private static String missing(Set<Labels> expected, Set<Labels> seen) {
        for (Labels l : expected) {
            if (!seen.contains(l)) {
                return "expected metric " + l + " not found";
            }
        }
        return null;
    }

    static String checkSorted(Matrix m) {
        for (int i = 1; i < m.series().size(); i++) {
            if (m.series().get(i - 1).labels().compareTo(m.series().get(i).labels()) >= 0) {
                return "matrix results should always be sorted by labels, but " + m.series().get(i - 1).labels()
                        + " comes before " + m.series().get(i).labels();
            }
        }
        return null;
    }

    /** Upstream's {@code almost.Equal}: relative tolerance, NaN equals NaN, stale only equals stale. */
    static boolean almostEqual(double a, double b) {
        return AlmostEqual.equal(a, b, EPSILON);
    }
}
