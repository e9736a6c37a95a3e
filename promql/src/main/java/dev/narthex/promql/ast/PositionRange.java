package dev.narthex.promql.ast;

/** A half-open range [start, end) of character offsets into the query text. */
public record PositionRange(int start, int end) {
    public static final PositionRange NONE = new PositionRange(-1, -1);
}
