package dev.narthex.promql.functions;

import dev.narthex.storage.text.GoFloatFormat;
import dev.narthex.storage.text.GoQuote;

/**
 * The texts of the warnings and infos that Prometheus attaches to a query result
 * (its {@code util/annotations}), and builders for the parameterised ones.
 *
 * <p>The kernels in this package never build strings: they report a condition through a return
 * code or flag, and the evaluator turns it into one of these texts. The builders return the text
 * without the trailing position suffix (" (1:6)"), which only the evaluator knows.
 */
public final class Annotations {
    public static final String PROMQL_INFO = "PromQL info";
    public static final String PROMQL_WARNING = "PromQL warning";

    public static final String INVALID_RATIO = PROMQL_WARNING + ": ratio value should be between -1 and 1";
    public static final String INVALID_QUANTILE = PROMQL_WARNING + ": quantile value should be between 0 and 1";
    public static final String BAD_BUCKET_LABEL =
            PROMQL_WARNING + ": bucket label \"le\" is missing or has a malformed value";
    public static final String MIXED_FLOATS_HISTOGRAMS =
            PROMQL_WARNING + ": encountered a mix of histograms and floats for";
    public static final String MIXED_CLASSIC_NATIVE_HISTOGRAMS =
            PROMQL_WARNING + ": vector contains a mix of classic and native histograms";
    public static final String NATIVE_HISTOGRAM_NOT_COUNTER =
            PROMQL_WARNING + ": this native histogram metric is not a counter:";
    public static final String NATIVE_HISTOGRAM_NOT_GAUGE =
            PROMQL_WARNING + ": this native histogram metric is not a gauge:";
    public static final String MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS = PROMQL_WARNING
            + ": vector contains a mix of histograms with exponential and custom buckets schemas for metric name";
    public static final String INCOMPATIBLE_BUCKET_LAYOUT_IN_BIN_OP =
            PROMQL_WARNING + ": incompatible bucket layout encountered for binary operator";
    public static final String SORT_IN_RANGE_QUERY = PROMQL_WARNING
            + ": sort is ineffective for range queries since results are always ordered by labels";
    public static final String HISTOGRAM_COUNTER_RESET_COLLISION =
            PROMQL_WARNING + ": conflicting counter resets during histogram";
    public static final String START_TIME_OVERLAP =
            PROMQL_WARNING + ": sample has start time that overlaps with previous sample timestamp";

    public static final String POSSIBLE_NON_COUNTER = PROMQL_INFO
            + ": metric might not be a counter, name does not end in _total/_sum/_count/_bucket:";
    public static final String POSSIBLE_NON_COUNTER_LABEL = PROMQL_INFO
            + ": metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\"";
    public static final String HISTOGRAM_QUANTILE_FORCED_MONOTONICITY = PROMQL_INFO
            + ": input to histogram_quantile needed to be fixed for monotonicity"
            + " (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)";
    public static final String INCOMPATIBLE_TYPES_IN_BIN_OP =
            PROMQL_INFO + ": incompatible sample types encountered for binary operator";
    public static final String HISTOGRAM_IGNORED_IN_AGGREGATION = PROMQL_INFO + ": ignored histogram in";
    public static final String HISTOGRAM_IGNORED_IN_MIXED_RANGE = PROMQL_INFO
            + ": ignored histograms in a range containing both floats and histograms for metric name";
    public static final String NATIVE_HISTOGRAM_QUANTILE_NAN_RESULT =
            PROMQL_INFO + ": input to histogram_quantile has NaN observations, result is NaN";
    public static final String NATIVE_HISTOGRAM_QUANTILE_NAN_SKEW =
            PROMQL_INFO + ": input to histogram_quantile has NaN observations, result is skewed higher";
    public static final String NATIVE_HISTOGRAM_FRACTION_NANS = PROMQL_INFO
            + ": input to histogram_fraction has NaN observations, which are excluded from all fractions";
    public static final String MISMATCHED_CUSTOM_BUCKETS_HISTOGRAMS =
            PROMQL_INFO + ": mismatched custom buckets were reconciled during";

    /** Histogram operations named in the collision and reconciliation annotations. */
    public static final String OP_ADDITION = "addition";
    public static final String OP_SUBTRACTION = "subtraction";
    public static final String OP_AGGREGATION = "aggregation";

    private Annotations() {
    }

    /** "…quantile value should be between 0 and 1, got 1.5" (Go's %g for the value). */
    public static String invalidQuantile(double q) {
        return INVALID_QUANTILE + ", got " + GoFloatFormat.formatG(q);
    }

    /** "…ratio value should be between -1 and 1, got 1.1, capping to 1". */
    public static String invalidRatio(double ratio, double cappedTo) {
        return INVALID_RATIO + ", got " + GoFloatFormat.formatG(ratio) + ", capping to "
                + GoFloatFormat.formatG(cappedTo);
    }

    /**
     * Whether rate/increase over a float series of this name get {@link #possibleNonCounter}: the
     * name is set and ends in none of _total, _sum, _count, _bucket (without type-and-unit labels).
     */
    public static boolean isPossibleNonCounter(String metricName) {
        return metricName != null && !metricName.isEmpty() && !metricName.endsWith("_total")
                && !metricName.endsWith("_sum") && !metricName.endsWith("_count") && !metricName.endsWith("_bucket");
    }

    /** For rate/increase over a float series whose name lacks a counter suffix. */
    public static String possibleNonCounter(String metricName) {
        return POSSIBLE_NON_COUNTER + " " + GoQuote.quote(metricName);
    }

    /** For rate/increase when type-and-unit labels are enabled and {@code __type__} is not a counter type. */
    public static String possibleNonCounterLabel(String metricName, String typeLabel) {
        return POSSIBLE_NON_COUNTER_LABEL + ", got " + GoQuote.quote(typeLabel) + ": "
                + GoQuote.quote(metricName);
    }

    public static String mixedFloatsHistograms(String metricName) {
        return MIXED_FLOATS_HISTOGRAMS + " metric name " + GoQuote.quote(metricName);
    }

    public static String mixedFloatsHistogramsAggregation() {
        return MIXED_FLOATS_HISTOGRAMS + " aggregation";
    }

    /** {@code aggregation} is the operator name, e.g. "topk", "stddev". */
    public static String histogramIgnoredInAggregation(String aggregation) {
        return HISTOGRAM_IGNORED_IN_AGGREGATION + " " + aggregation + " aggregation";
    }

    public static String histogramIgnoredInMixedRange(String metricName) {
        return HISTOGRAM_IGNORED_IN_MIXED_RANGE + " " + GoQuote.quote(metricName);
    }

    public static String badBucketLabel(String metricName, String labelValue) {
        return withMetricName(BAD_BUCKET_LABEL + " of " + GoQuote.quote(labelValue), metricName);
    }

    public static String mixedClassicNativeHistograms(String metricName) {
        return withMetricName(MIXED_CLASSIC_NATIVE_HISTOGRAMS, metricName);
    }

    /**
     * The monotonicity info without the query-dependent detail; Prometheus prints the short form
     * when the query text is unknown. The metric name is only given when delayed name removal is on.
     */
    public static String histogramQuantileForcedMonotonicity(String metricName) {
        return withMetricName(HISTOGRAM_QUANTILE_FORCED_MONOTONICITY, metricName);
    }

    /**
     * The long form Prometheus prints once the query is known, without the position suffix:
     * "…, from buckets 1 to 5, with a max diff of 2, over 1 samples from 1970-01-01T00:00:00Z to …".
     *
     * @param samples how many evaluations were merged into this annotation (Prometheus's count+1)
     */
    public static String histogramQuantileForcedMonotonicityDetail(String metricName, double minBucket,
            double maxBucket, double maxDiff, int samples, long minTsMs, long maxTsMs) {
        return histogramQuantileForcedMonotonicity(metricName) + ", from buckets " + GoFloatFormat.formatG(minBucket)
                + " to " + GoFloatFormat.formatG(maxBucket) + ", with a max diff of "
                + GoFloatFormat.formatG2(maxDiff) + ", over " + samples + " samples from " + rfc3339(minTsMs)
                + " to " + rfc3339(maxTsMs);
    }

    public static String nativeHistogramQuantileNaNResult(String metricName) {
        return withMetricName(NATIVE_HISTOGRAM_QUANTILE_NAN_RESULT, metricName);
    }

    public static String nativeHistogramQuantileNaNSkew(String metricName) {
        return withMetricName(NATIVE_HISTOGRAM_QUANTILE_NAN_SKEW, metricName);
    }

    public static String nativeHistogramFractionNaNs(String metricName) {
        return withMetricName(NATIVE_HISTOGRAM_FRACTION_NANS, metricName);
    }

    public static String nativeHistogramNotCounter(String metricName) {
        return NATIVE_HISTOGRAM_NOT_COUNTER + " " + GoQuote.quote(metricName);
    }

    public static String nativeHistogramNotGauge(String metricName) {
        return NATIVE_HISTOGRAM_NOT_GAUGE + " " + GoQuote.quote(metricName);
    }

    public static String mixedExponentialCustomHistograms(String metricName) {
        return MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS + " " + GoQuote.quote(metricName);
    }

    /** e.g. incompatibleTypesInBinOp("float", "+", "histogram"). */
    public static String incompatibleTypesInBinOp(String lhsType, String operator, String rhsType) {
        return INCOMPATIBLE_TYPES_IN_BIN_OP + " " + GoQuote.quote(operator) + ": " + lhsType + " " + operator
                + " " + rhsType;
    }

    public static String incompatibleBucketLayoutInBinOp(String operator) {
        return INCOMPATIBLE_BUCKET_LAYOUT_IN_BIN_OP + " " + operator;
    }

    /** {@code operation} is one of {@link #OP_ADDITION}, {@link #OP_SUBTRACTION}, {@link #OP_AGGREGATION}. */
    public static String histogramCounterResetCollision(String operation) {
        return HISTOGRAM_COUNTER_RESET_COLLISION + " " + operation;
    }

    public static String mismatchedCustomBucketsHistograms(String operation) {
        return MISMATCHED_CUSTOM_BUCKETS_HISTOGRAMS + " " + operation;
    }

    public static String startTimeOverlap(String metricName) {
        return START_TIME_OVERLAP + " for metric " + GoQuote.quote(metricName);
    }

    private static String withMetricName(String text, String metricName) {
        if (metricName == null || metricName.isEmpty()) {
            return text;
        }
        return text + " for metric name " + GoQuote.quote(metricName);
    }

    private static String rfc3339(long ms) {
        long sec = Math.floorDiv(ms, 1000L);
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.ofEpochSecond(sec));
    }
}
