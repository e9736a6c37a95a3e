package dev.narthex.promql.value;

/** The result of evaluating a PromQL expression: one of Prometheus's four value types. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
    ValueType type();
}
