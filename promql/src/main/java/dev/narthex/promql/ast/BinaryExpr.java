package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * A binary operation. {@code matching} is non-null exactly when both operands are instant vectors
 * (set operators then have cardinality many-to-many). {@code returnBool} is the {@code bool}
 * modifier of comparisons.
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
        implements Expr {
    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(lhs.positionRange().start(), rhs.positionRange().end());
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitBinary(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
