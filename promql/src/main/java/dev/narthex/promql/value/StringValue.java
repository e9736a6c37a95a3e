package dev.narthex.promql.value;

/** A string at a time (milliseconds). */
public record StringValue(long timestamp, String value) implements Value {
    @Override
    public ValueType type() {
        return ValueType.STRING;
    }
}
