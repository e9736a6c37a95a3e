package dev.narthex.promql.scripts;

import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AtModifier;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.StepInvariantExpr;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.parse.PromqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The extra queries upstream's runner adds to an instant eval (FORMAT.md section 7.2): every selector
 * and subquery outside a pinned subquery gets {@code @ T}, and the result must not change when the
 * pinned query is evaluated at other times.
 */
final class AtPinning {
    record Query(String expr, long timeMs) {
    }

    private static final Set<String> TIME_DEPENDENT = Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year",
            "hour", "minute", "month", "year", "time", "timestamp", "predict_linear", "start", "end", "range", "step");

    private boolean timeDependent;
    private final long atMs;

    private AtPinning(long atMs) {
        this.atMs = atMs;
    }

    static List<Query> variants(String expr, long t) {
        Expr ast;
        try {
            ast = PromqlParser.parseExpr(expr);
        } catch (RuntimeException e) {
            return List.of(); // the main query reports the error
        }
        AtPinning p = new AtPinning(t);
        String pinned = p.pin(ast).toString();
        if (p.timeDependent) {
            return List.of();
        }
        long[] times = t == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * t, 0, t / 5, t, 10 * t};
        List<Query> out = new ArrayList<>();
        for (long et : times) {
            out.add(new Query(pinned, et));
        }
        return out;
    }

    private Expr pin(Expr e) {
        if (e instanceof VectorSelector vs) {
            return vs.withAt(AtModifier.TIMESTAMP, vs.at() == AtModifier.TIMESTAMP ? vs.atMs() : atMs, vs.positionRange());
        }
        if (e instanceof MatrixSelector ms) {
            return ms.withSelector((VectorSelector) pin(ms.selector()), ms.endPos());
        }
        if (e instanceof SubqueryExpr sq) {
            // below a pinned subquery nothing is pinned or inspected
            return sq.withAt(AtModifier.TIMESTAMP, sq.at() == AtModifier.TIMESTAMP ? sq.atMs() : atMs, sq.endPos());
        }
        if (e instanceof Call c) {
            timeDependent |= TIME_DEPENDENT.contains(c.func().name());
            List<Expr> args = new ArrayList<>();
            for (Expr a : c.args()) {
                args.add(pin(a));
            }
            return new Call(c.func(), args, c.positionRange());
        }
        if (e instanceof AggregateExpr a) {
            return new AggregateExpr(a.op(), pin(a.expr()), a.param() == null ? null : pin(a.param()), a.grouping(), a.without(),
                    a.positionRange());
        }
        if (e instanceof BinaryExpr b) {
            return new BinaryExpr(b.op(), pin(b.lhs()), pin(b.rhs()), b.matching(), b.returnBool());
        }
        if (e instanceof ParenExpr p) {
            return new ParenExpr(pin(p.expr()), p.positionRange());
        }
        if (e instanceof UnaryExpr u) {
            return new UnaryExpr(u.op(), pin(u.expr()), u.startPos());
        }
        if (e instanceof StepInvariantExpr s) {
            return new StepInvariantExpr(pin(s.expr()));
        }
        return e;
    }
}
