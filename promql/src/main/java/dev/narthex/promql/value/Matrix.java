package dev.narthex.promql.value;

import java.util.List;

/** A range vector, or the result of a range query: series with their points, sorted by labels. */
public record Matrix(List<SeriesPoints> series) implements Value {
    public Matrix {
        series = List.copyOf(series);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }
}
