package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * A range vector selector {@code foo[5m]}. Its offset, {@code @} and anchored/smoothed modifiers live
 * in {@code selector}. {@code rangeMs} is the literal range; with a duration expression,
 * {@code rangeExpr} holds it and rangeMs is 0.
 */
public record MatrixSelector(VectorSelector selector, long rangeMs, DurationExpr rangeExpr, int endPos)
        implements Expr {
    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(selector.positionRange().start(), endPos);
    }

    public MatrixSelector withSelector(VectorSelector vs, int newEndPos) {
        return new MatrixSelector(vs, rangeMs, rangeExpr, newEndPos);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitMatrixSelector(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
