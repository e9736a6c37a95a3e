package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;

/**
 * A PromQL expression node. Nodes are immutable and thread-safe; {@link #toString()} prints the
 * expression as Prometheus's {@code String()} does, in a form that parses back to the same tree.
 */
public sealed interface Expr permits AggregateExpr, BinaryExpr, Call, DurationExpr, MatrixSelector, NumberLiteral,
        ParenExpr, StepInvariantExpr, StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {

    /** The type this expression evaluates to. */
    ValueType type();

    /** Where this expression occurs in the query text. */
    PositionRange positionRange();

    <R> R accept(ExprVisitor<R> visitor);
}
