package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/** An expression in parentheses, kept so that printing preserves the grouping. */
public record ParenExpr(Expr expr, PositionRange positionRange) implements Expr {
    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitParen(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
