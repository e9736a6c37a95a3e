package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;
import java.util.List;

/** A function call. */
public record Call(FunctionDef func, List<Expr> args, PositionRange positionRange) implements Expr {
    public Call {
        args = List.copyOf(args);
    }

    @Override
    public ValueType type() {
        return func.returnType();
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitCall(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
