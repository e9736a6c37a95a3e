package dev.narthex.promql.value;

/** A single float at a time (milliseconds). */
public record Scalar(long timestamp, double value) implements Value {
    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }
}
