package dev.narthex.promql.value;

import java.util.List;

/** An instant vector: at most one sample per label set, all at the evaluation time. */
public record Vector(List<Sample> samples) implements Value {
    public Vector {
        samples = List.copyOf(samples);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
