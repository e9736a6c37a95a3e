package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * Marks a sub-expression whose value is the same at every step of a range query (for example one
 * with {@code @}); the parser never produces it, the evaluator's planner may wrap nodes in it.
 */
public record StepInvariantExpr(Expr expr) implements Expr {
    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PositionRange positionRange() {
        return expr.positionRange();
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitStepInvariant(this);
    }

    @Override
    public String toString() {
        return expr.toString();
    }
}
