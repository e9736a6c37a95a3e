package dev.narthex.server.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The label values of one child of a metric family, usable as a map key. Immutable. */
record LabelValues(String[] values) {
    LabelValues(String[] values, int expected) {
        this(check(values, expected));
    }

    private static String[] check(String[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " label values, got " + values.length);
        }
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelValues other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** Children in a stable order, so that consecutive scrapes list series alike. */
    static <V> List<Map.Entry<LabelValues, V>> sorted(Map<LabelValues, V> children) {
        List<Map.Entry<LabelValues, V>> list = new ArrayList<>(children.entrySet());
        list.sort((a, b) -> Arrays.compare(a.getKey().values, b.getKey().values));
        return list;
    }
}
