package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/** Aggregation operators; some take a parameter before the aggregated expression. */
public enum AggregateOp {
    SUM(null), AVG(null), COUNT(null), MIN(null), MAX(null), GROUP(null), STDDEV(null), STDVAR(null),
    TOPK(ValueType.SCALAR), BOTTOMK(ValueType.SCALAR), QUANTILE(ValueType.SCALAR), COUNT_VALUES(ValueType.STRING),
    LIMITK(ValueType.SCALAR), LIMIT_RATIO(ValueType.SCALAR);

    private final ValueType paramType;

    AggregateOp(ValueType paramType) {
        this.paramType = paramType;
    }

    /** The PromQL keyword, e.g. {@code count_values}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean hasParam() {
        return paramType != null;
    }

    /** The parameter's required type, or null when the operator takes none. */
    public ValueType paramType() {
        return paramType;
    }

    public boolean isExperimental() {
        return this == LIMITK || this == LIMIT_RATIO;
    }

    /** The operator for a keyword in any case, or null. */
    public static AggregateOp fromKeyword(String word) {
        for (AggregateOp op : values()) {
            if (op.name().equalsIgnoreCase(word)) {
                return op;
            }
        }
        return null;
    }
}
