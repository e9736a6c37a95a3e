package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * A subquery {@code expr[range:step]}. {@code stepMs} 0 with a null {@code stepExpr} means the
 * default step (the engine's evaluation interval). Offsets and {@code @} as in
 * {@link VectorSelector}.
 */
public record SubqueryExpr(Expr expr, long rangeMs, DurationExpr rangeExpr, long stepMs, DurationExpr stepExpr,
                           long offsetMs, DurationExpr offsetExpr, AtModifier at, long atMs, int endPos)
        implements Expr {
    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(expr.positionRange().start(), endPos);
    }

    public boolean hasOffset() {
        return offsetMs != 0 || offsetExpr != null;
    }

    public SubqueryExpr withOffset(long newOffsetMs, DurationExpr newOffsetExpr, int newEndPos) {
        return new SubqueryExpr(expr, rangeMs, rangeExpr, stepMs, stepExpr, newOffsetMs, newOffsetExpr, at, atMs,
                newEndPos);
    }

    public SubqueryExpr withAt(AtModifier newAt, long newAtMs, int newEndPos) {
        return new SubqueryExpr(expr, rangeMs, rangeExpr, stepMs, stepExpr, offsetMs, offsetExpr, newAt, newAtMs,
                newEndPos);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitSubquery(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
