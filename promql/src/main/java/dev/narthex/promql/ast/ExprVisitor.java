package dev.narthex.promql.ast;

/** A visitor over the closed set of {@link Expr} node types (Java 17 has no pattern switch). */
public interface ExprVisitor<R> {
    R visitAggregate(AggregateExpr e);

    R visitBinary(BinaryExpr e);

    R visitCall(Call e);

    R visitDuration(DurationExpr e);

    R visitMatrixSelector(MatrixSelector e);

    R visitNumber(NumberLiteral e);

    R visitParen(ParenExpr e);

    R visitStepInvariant(StepInvariantExpr e);

    R visitString(StringLiteral e);

    R visitSubquery(SubqueryExpr e);

    R visitUnary(UnaryExpr e);

    R visitVectorSelector(VectorSelector e);
}
