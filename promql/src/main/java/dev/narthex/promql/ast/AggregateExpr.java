package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;
import java.util.List;

/**
 * An aggregation such as {@code topk by (job) (3, foo)}. {@code param} is null for operators without
 * a parameter. {@code grouping} lists the {@code by} labels, or the {@code without} labels when
 * {@code without} is set.
 */
public record AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without,
                            PositionRange positionRange) implements Expr {
    public AggregateExpr {
        grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitAggregate(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
