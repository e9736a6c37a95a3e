package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every function Prometheus 3 knows, with its signature. Experimental functions are flagged; Narthex
 * accepts them all (the parser runs with experimental features enabled). Immutable.
 */
public final class Functions {
    private static final ValueType V = ValueType.VECTOR;
    private static final ValueType M = ValueType.MATRIX;
    private static final ValueType S = ValueType.SCALAR;
    private static final ValueType STR = ValueType.STRING;
    private static final Map<String, FunctionDef> ALL;

    static {
        Map<String, FunctionDef> m = new TreeMap<>();
        add(m, "abs", List.of(V), 0, V, false);
        add(m, "absent", List.of(V), 0, V, false);
        add(m, "absent_over_time", List.of(M), 0, V, false);
        add(m, "acos", List.of(V), 0, V, false);
        add(m, "acosh", List.of(V), 0, V, false);
        add(m, "asin", List.of(V), 0, V, false);
        add(m, "asinh", List.of(V), 0, V, false);
        add(m, "atan", List.of(V), 0, V, false);
        add(m, "atanh", List.of(V), 0, V, false);
        add(m, "avg_over_time", List.of(M), 0, V, false);
        add(m, "ceil", List.of(V), 0, V, false);
        add(m, "changes", List.of(M), 0, V, false);
        add(m, "clamp", List.of(V, S, S), 0, V, false);
        add(m, "clamp_max", List.of(V, S), 0, V, false);
        add(m, "clamp_min", List.of(V, S), 0, V, false);
        add(m, "cos", List.of(V), 0, V, false);
        add(m, "cosh", List.of(V), 0, V, false);
        add(m, "count_over_time", List.of(M), 0, V, false);
        add(m, "day_of_month", List.of(V), 1, V, false);
        add(m, "day_of_week", List.of(V), 1, V, false);
        add(m, "day_of_year", List.of(V), 1, V, false);
        add(m, "days_in_month", List.of(V), 1, V, false);
        add(m, "deg", List.of(V), 0, V, false);
        add(m, "delta", List.of(M), 0, V, false);
        add(m, "deriv", List.of(M), 0, V, false);
        add(m, "double_exponential_smoothing", List.of(M, S, S), 0, V, true);
        add(m, "end", List.of(), 0, S, true);
        add(m, "exp", List.of(V), 0, V, false);
        add(m, "first_over_time", List.of(M), 0, V, false);
        add(m, "floor", List.of(V), 0, V, false);
        add(m, "histogram_avg", List.of(V), 0, V, false);
        add(m, "histogram_count", List.of(V), 0, V, false);
        add(m, "histogram_fraction", List.of(S, S, V), 0, V, false);
        add(m, "histogram_quantile", List.of(S, V), 0, V, false);
        add(m, "histogram_quantiles", List.of(V, STR, S, S), 9, V, true);
        add(m, "histogram_stddev", List.of(V), 0, V, false);
        add(m, "histogram_stdvar", List.of(V), 0, V, false);
        add(m, "histogram_sum", List.of(V), 0, V, false);
        add(m, "hour", List.of(V), 1, V, false);
        add(m, "idelta", List.of(M), 0, V, false);
        add(m, "increase", List.of(M), 0, V, false);
        add(m, "info", List.of(V, V), 1, V, true);
        add(m, "irate", List.of(M), 0, V, false);
        add(m, "label_join", List.of(V, STR, STR, STR), -1, V, false);
        add(m, "label_replace", List.of(V, STR, STR, STR, STR), 0, V, false);
        add(m, "last_over_time", List.of(M), 0, V, false);
        add(m, "ln", List.of(V), 0, V, false);
        add(m, "log10", List.of(V), 0, V, false);
        add(m, "log2", List.of(V), 0, V, false);
        add(m, "mad_over_time", List.of(M), 0, V, true);
        add(m, "max_of", List.of(S, S), 0, S, true);
        add(m, "max_over_time", List.of(M), 0, V, false);
        add(m, "min_of", List.of(S, S), 0, S, true);
        add(m, "min_over_time", List.of(M), 0, V, false);
        add(m, "minute", List.of(V), 1, V, false);
        add(m, "month", List.of(V), 1, V, false);
        add(m, "pi", List.of(), 0, S, false);
        add(m, "predict_linear", List.of(M, S), 0, V, false);
        add(m, "present_over_time", List.of(M), 0, V, false);
        add(m, "quantile_over_time", List.of(S, M), 0, V, false);
        add(m, "rad", List.of(V), 0, V, false);
        add(m, "range", List.of(), 0, S, true);
        add(m, "rate", List.of(M), 0, V, false);
        add(m, "resets", List.of(M), 0, V, false);
        add(m, "round", List.of(V, S), 1, V, false);
        add(m, "scalar", List.of(V), 0, S, false);
        add(m, "sgn", List.of(V), 0, V, false);
        add(m, "sin", List.of(V), 0, V, false);
        add(m, "sinh", List.of(V), 0, V, false);
        add(m, "sort", List.of(V), 0, V, false);
        add(m, "sort_by_label", List.of(V, STR), -1, V, true);
        add(m, "sort_by_label_desc", List.of(V, STR), -1, V, true);
        add(m, "sort_desc", List.of(V), 0, V, false);
        add(m, "sqrt", List.of(V), 0, V, false);
        add(m, "start", List.of(), 0, S, true);
        add(m, "start_timestamp", List.of(V), 0, V, true);
        add(m, "stddev_over_time", List.of(M), 0, V, false);
        add(m, "stdvar_over_time", List.of(M), 0, V, false);
        add(m, "step", List.of(), 0, S, true);
        add(m, "sum_over_time", List.of(M), 0, V, false);
        add(m, "tan", List.of(V), 0, V, false);
        add(m, "tanh", List.of(V), 0, V, false);
        add(m, "time", List.of(), 0, S, false);
        add(m, "timestamp", List.of(V), 0, V, false);
        add(m, "ts_of_first_over_time", List.of(M), 0, V, true);
        add(m, "ts_of_last_over_time", List.of(M), 0, V, true);
        add(m, "ts_of_max_over_time", List.of(M), 0, V, true);
        add(m, "ts_of_min_over_time", List.of(M), 0, V, true);
        add(m, "vector", List.of(S), 0, V, false);
        add(m, "year", List.of(V), 1, V, false);
        ALL = Collections.unmodifiableMap(m);
    }

    private Functions() {
    }

    private static void add(Map<String, FunctionDef> m, String name, List<ValueType> args, int variadic,
                            ValueType ret, boolean experimental) {
        m.put(name, new FunctionDef(name, args, variadic, ret, experimental));
    }

    /** The function of that exact (case-sensitive) name, or null. */
    public static FunctionDef get(String name) {
        return ALL.get(name);
    }

    /** All functions by name, sorted. */
    public static Map<String, FunctionDef> all() {
        return ALL;
    }
}
