package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * A number; {@code duration} is set when it was written as a duration ({@code 5m} is 300) so it
 * prints back as one.
 */
public record NumberLiteral(double value, boolean duration, PositionRange positionRange) implements Expr {
    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitNumber(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
