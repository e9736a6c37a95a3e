package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/** A string literal, already unquoted. */
public record StringLiteral(String value, PositionRange positionRange) implements Expr {
    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitString(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
