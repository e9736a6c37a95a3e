/**
 * PromQL function kernels with Prometheus 3's exact semantics, free of any dependency on the AST or
 * the evaluator so that they can be wired by name.
 *
 * <ul>
 *   <li>Range-vector functions: {@link dev.narthex.promql.functions.RangeKernel} (by name; the
 *       evaluator's dispatch table) over
 *       {@link dev.narthex.promql.functions.RangeFunctions} (rate family incl. anchored/smoothed,
 *       irate, deriv, predict_linear, resets, changes, double_exponential_smoothing) and
 *       {@link dev.narthex.promql.functions.OverTimeFunctions}; windows are primitive arrays
 *       {@code (long[] ts, double[] vs, int from, int to)}.</li>
 *   <li>Element-wise functions: {@link dev.narthex.promql.functions.UnaryFunction} (by name),
 *       {@link dev.narthex.promql.functions.InstantFunctions},
 *       {@link dev.narthex.promql.functions.GoDate}, {@link dev.narthex.promql.functions.GoMath}.</li>
 *   <li>Aggregations: {@link dev.narthex.promql.functions.FloatAggregator} (sum, avg, min, max,
 *       count, group, stddev, stdvar, quantile), {@link dev.narthex.promql.functions.KSelector}
 *       (topk, bottomk, limitk, limit_ratio), {@link dev.narthex.promql.functions.LimitRatio},
 *       {@link dev.narthex.storage.text.GoFloatFormat#formatF} for count_values.</li>
 *   <li>Classic histograms: {@link dev.narthex.promql.functions.BucketQuantile},
 *       {@link dev.narthex.storage.text.GoParseFloat} for {@code le}.</li>
 *   <li>Labels: {@link dev.narthex.promql.functions.LabelFunctions} (label_replace, label_join,
 *       sort_by_label's natural order), {@link dev.narthex.promql.functions.ValueSort}.</li>
 *   <li>{@link dev.narthex.promql.functions.Annotations}: Prometheus's warning and info texts; kernels
 *       report conditions through flags and the evaluator turns them into these texts.</li>
 * </ul>
 *
 * <p>Native histograms are outside these kernels; the experimental start timestamps reach only the
 * counter kernels that read them ({@link dev.narthex.promql.functions.RangeKernel#usesStartTimes}).
 */
package dev.narthex.promql.functions;
