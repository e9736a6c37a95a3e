package dev.narthex.promql.parse;

import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.DurationExpr;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.ExprVisitor;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.NumberLiteral;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.PositionRange;
import dev.narthex.promql.ast.Printer;
import dev.narthex.promql.ast.StepInvariantExpr;
import dev.narthex.promql.ast.StringLiteral;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.storage.Matcher;
import java.util.Comparator;
import java.util.List;

/**
 * Copies a tree with every source position cleared and selector matchers in a canonical order (the
 * printer sorts them), so trees parsed from different texts of the same query compare equal.
 */
final class PositionStripper implements ExprVisitor<Expr> {
    private static final PositionRange NONE = PositionRange.NONE;

    static Expr strip(Expr e) {
        return e == null ? null : e.accept(new PositionStripper());
    }

    private DurationExpr duration(DurationExpr d) {
        return d == null ? null : (DurationExpr) d.accept(this);
    }

    @Override
    public Expr visitAggregate(AggregateExpr e) {
        return new AggregateExpr(e.op(), strip(e.expr()), strip(e.param()), e.grouping(), e.without(), NONE);
    }

    @Override
    public Expr visitBinary(BinaryExpr e) {
        return new BinaryExpr(e.op(), strip(e.lhs()), strip(e.rhs()), e.matching(), e.returnBool());
    }

    @Override
    public Expr visitCall(Call e) {
        return new Call(e.func(), e.args().stream().map(PositionStripper::strip).toList(), NONE);
    }

    @Override
    public Expr visitDuration(DurationExpr e) {
        return new DurationExpr(e.op(), strip(e.lhs()), strip(e.rhs()), e.wrapped(), -1, -1);
    }

    @Override
    public Expr visitMatrixSelector(MatrixSelector e) {
        return new MatrixSelector((VectorSelector) strip(e.selector()), e.rangeMs(), duration(e.rangeExpr()), -1);
    }

    @Override
    public Expr visitNumber(NumberLiteral e) {
        return new NumberLiteral(e.value(), e.duration(), NONE);
    }

    @Override
    public Expr visitParen(ParenExpr e) {
        return new ParenExpr(strip(e.expr()), NONE);
    }

    @Override
    public Expr visitStepInvariant(StepInvariantExpr e) {
        return new StepInvariantExpr(strip(e.expr()));
    }

    @Override
    public Expr visitString(StringLiteral e) {
        return new StringLiteral(e.value(), NONE);
    }

    @Override
    public Expr visitSubquery(SubqueryExpr e) {
        return new SubqueryExpr(strip(e.expr()), e.rangeMs(), duration(e.rangeExpr()), e.stepMs(), duration(e.stepExpr()),
                e.offsetMs(), duration(e.offsetExpr()), e.at(), e.atMs(), -1);
    }

    @Override
    public Expr visitUnary(UnaryExpr e) {
        return new UnaryExpr(e.op(), strip(e.expr()), -1);
    }

    @Override
    public Expr visitVectorSelector(VectorSelector e) {
        List<Matcher> sorted = e.matchers().stream().sorted(Comparator.comparing(Printer::matcher)).toList();
        return new VectorSelector(e.name(), sorted, e.offsetMs(), duration(e.offsetExpr()), e.at(), e.atMs(),
                e.anchored(), e.smoothed(), e.bypassEmptyMatcherCheck(), NONE);
    }
}
