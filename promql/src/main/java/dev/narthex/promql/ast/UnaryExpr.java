package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/** Unary plus or minus on a scalar or instant vector ({@code -foo}); number literals fold the sign in. */
public record UnaryExpr(Op op, Expr expr, int startPos) implements Expr {
    public enum Op {
        PLUS("+"), MINUS("-");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(startPos, expr.positionRange().end());
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitUnary(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
