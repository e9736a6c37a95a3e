package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * An experimental duration expression used as a range, subquery step or offset, e.g.
 * {@code [5m * 2]}, {@code offset (1h + step())}. Operands are {@link NumberLiteral}s (seconds) or
 * nested DurationExprs. Unary minus has {@code lhs == null}; {@code STEP} and {@code RANGE} have no
 * operands; {@code MIN_OF}/{@code MAX_OF} have both. The evaluator resolves it to seconds once per
 * query (step() is the query step, range() the query range).
 */
public record DurationExpr(Op op, Expr lhs, Expr rhs, boolean wrapped, int startPos, int endPos) implements Expr {
    public enum Op {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"), STEP("step"), RANGE("range"),
        MIN_OF("min_of"), MAX_OF("max_of");

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
        return ValueType.SCALAR;
    }

    @Override
    public PositionRange positionRange() {
        if (lhs == null && rhs == null) {
            return new PositionRange(startPos, endPos);
        }
        if (rhs == null) {
            return new PositionRange(startPos, lhs.positionRange().end());
        }
        if (lhs == null) {
            return new PositionRange(startPos, rhs.positionRange().end());
        }
        return new PositionRange(lhs.positionRange().start(), rhs.positionRange().end());
    }

    public DurationExpr withWrapped(boolean w) {
        return new DurationExpr(op, lhs, rhs, w, startPos, endPos);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitDuration(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
