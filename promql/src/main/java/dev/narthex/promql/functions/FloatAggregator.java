package dev.narthex.promql.functions;

/**
 * Per-group accumulators of one float aggregation ({@code sum}, {@code avg}, {@code min},
 * {@code max}, {@code count}, {@code group}, {@code stddev}, {@code stdvar}, {@code quantile}) at one
 * evaluation step, with Prometheus's arithmetic. Groups are dense ids {@code [0, groups)} that the
 * evaluator assigns. For each step: {@link #reset(int)}, then for every input sample either
 * {@link #first} (the group's first sample at this step) or {@link #add}, then {@link #result} for
 * every group that saw a sample.
 *
 * <p>Histogram samples never reach these accumulators: for min, max, stddev, stdvar and quantile
 * Prometheus ignores them with {@link Annotations#histogramIgnoredInAggregation}; sum and avg of
 * histograms are the evaluator's. Instances are not thread-safe; reuse one per aggregation node so
 * that steps allocate nothing once the arrays have grown.
 */
public interface FloatAggregator {
    /** Prepares accumulators for {@code groups} groups, forgetting earlier values. */
    void reset(int groups);

    /** The first sample of group {@code g} at this step. */
    void first(int g, double f);

    /** A further sample of group {@code g}. */
    void add(int g, double f);

    /** Sets the operator's parameter for this step (φ for quantile, which may vary per step); others ignore it. */
    default void parameter(double param) {
    }

    /** The aggregated value of group {@code g}; only valid after {@link #first} for that group. */
    double result(int g);

    /**
     * The accumulator for an aggregation operator name, or null for the operators that are not
     * plain float reductions (topk, bottomk, limitk, limit_ratio, count_values).
     *
     * @param param the operator's parameter (φ for quantile; ignored otherwise)
     */
    static FloatAggregator forName(String op, double param) {
        switch (op) {
            case "sum": return new FloatAggregators.Sum();
            case "avg": return new FloatAggregators.Avg();
            case "min": return new FloatAggregators.Min();
            case "max": return new FloatAggregators.Max();
            case "count": return new FloatAggregators.Count();
            case "group": return new FloatAggregators.Group();
            case "stdvar": return new FloatAggregators.Variance(false);
            case "stddev": return new FloatAggregators.Variance(true);
            case "quantile": return new FloatAggregators.Quantile(param);
            default: return null;
        }
    }
}
