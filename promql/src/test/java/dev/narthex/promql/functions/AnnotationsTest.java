package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Texts as the upstream .test files expect them (without the position suffix the evaluator adds). */
class AnnotationsTest {
    @Test
    void texts() {
        // histograms.test:637-690 expects a warning; the text is Prometheus's.
        assertEquals("PromQL warning: quantile value should be between 0 and 1, got -0.1",
                Annotations.invalidQuantile(-0.1));
        assertEquals("PromQL warning: quantile value should be between 0 and 1, got NaN",
                Annotations.invalidQuantile(Double.NaN));
        // functions.test:266 and 282
        assertEquals("PromQL warning: this native histogram metric is not a counter: \"http_requests_histogram\"",
                Annotations.nativeHistogramNotCounter("http_requests_histogram"));
        assertEquals("PromQL warning: encountered a mix of histograms and floats for metric name \"http_requests_mix\"",
                Annotations.mixedFloatsHistograms("http_requests_mix"));
        assertEquals("PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                + "\"http_requests\"", Annotations.possibleNonCounter("http_requests"));
        assertEquals("PromQL info: ignored histogram in topk aggregation",
                Annotations.histogramIgnoredInAggregation("topk"));
        assertEquals("PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see "
                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
                Annotations.histogramQuantileForcedMonotonicity(""));
        assertEquals("PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see "
                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric "
                + "name \"x\", from buckets 1 to +Inf, with a max diff of 10, over 1 samples from "
                + "1970-01-01T00:50:00Z to 1970-01-01T00:50:00Z",
                Annotations.histogramQuantileForcedMonotonicityDetail("x", 1, Double.POSITIVE_INFINITY, 10, 1,
                        3_000_000, 3_000_000));
        assertEquals("PromQL info: mismatched custom buckets were reconciled during subtraction",
                Annotations.mismatchedCustomBucketsHistograms(Annotations.OP_SUBTRACTION));
        assertEquals("PromQL warning: bucket label \"le\" is missing or has a malformed value of \"x\"",
                Annotations.badBucketLabel("", "x"));
    }

    @Test
    void nonCounterNames() {
        assertTrue(Annotations.isPossibleNonCounter("http_requests"));
        assertFalse(Annotations.isPossibleNonCounter("http_requests_total"));
        assertFalse(Annotations.isPossibleNonCounter("x_bucket"));
        assertFalse(Annotations.isPossibleNonCounter(""));
    }
}
