package dev.narthex.promql.parse;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AggregateOp;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.DurationExpr;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.ExprVisitor;
import dev.narthex.promql.ast.FunctionDef;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.NumberLiteral;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.PositionRange;
import dev.narthex.promql.ast.StepInvariantExpr;
import dev.narthex.promql.ast.StringLiteral;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorMatching;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.value.ValueType;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus's type checker ({@code checkAST}): reports type errors in Prometheus's order and with
 * its messages, and returns the tree normalised as Prometheus leaves it (set operators many-to-many,
 * no vector matching unless both operands are instant vectors, info()'s selector exempt from the
 * empty-matcher rule).
 */
final class Checker implements ExprVisitor<Expr> {
    private final String input;
    private final List<ParseError> errors;

    Checker(String input, List<ParseError> errors) {
        this.input = input;
        this.errors = errors;
    }

    Expr check(Expr e) {
        return e.accept(this);
    }

    private void error(PositionRange r, String msg) {
        errors.add(new ParseError(r, msg));
    }

    private Expr expectType(Expr e, ValueType want, String context) {
        Expr checked = check(e);
        if (checked.type() != want) {
            error(e.positionRange(), "expected type " + want.documentedName() + " in " + context + ", got "
                    + checked.type().documentedName());
        }
        return checked;
    }

    @Override
    public Expr visitAggregate(AggregateExpr e) {
        Expr inner = expectType(e.expr(), ValueType.VECTOR, "aggregation expression");
        Expr param = e.param();
        if (e.op().hasParam()) {
            ValueType want = e.op() == AggregateOp.COUNT_VALUES ? ValueType.STRING : ValueType.SCALAR;
            param = expectType(param, want, "aggregation parameter");
        }
        return new AggregateExpr(e.op(), inner, param, e.grouping(), e.without(), e.positionRange());
    }

    /** The operator's own range: from after the left operand to before the right one, trimmed. */
    private PositionRange opRange(BinaryExpr n) {
        int start = n.lhs().positionRange().end();
        while (start < input.length() && PromqlLexer.isSpace(input.charAt(start))) {
            start++;
        }
        int end = n.rhs().positionRange().start() - 1;
        while (end > 0 && PromqlLexer.isSpace(input.charAt(end))) {
            end--;
        }
        return new PositionRange(start, end);
    }

    @Override
    public Expr visitBinary(BinaryExpr n) {
        Expr lhs = check(n.lhs());
        Expr rhs = check(n.rhs());
        ValueType lt = lhs.type();
        ValueType rt = rhs.type();
        PositionRange pos = n.positionRange();
        VectorMatching vm = n.matching();
        if (n.returnBool() && !n.op().isComparison()) {
            error(opRange(n), "bool modifier can only be used on comparison operators");
        }
        if (n.op().isComparison() && !n.returnBool() && rt == ValueType.SCALAR && lt == ValueType.SCALAR) {
            error(opRange(n), "comparisons between scalars must use BOOL modifier");
        }
        if (n.op().isSetOperator() && vm.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
            vm = vm.withCard(VectorMatching.Cardinality.MANY_TO_MANY);
        }
        if (vm.on()) {
            for (String l1 : vm.matchingLabels()) {
                if (vm.include().contains(l1)) {
                    error(opRange(n), "label " + GoQuote.quote(l1) + " must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            error(lhs.positionRange(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            error(rhs.positionRange(), "binary expression must contain only scalar and instant vector types");
        }
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!vm.matchingLabels().isEmpty()) {
                error(pos, "vector matching only allowed between instant vectors");
            }
            if (vm.hasFill()) {
                error(pos, "filling in missing series only allowed between instant vectors");
            }
            vm = null;
        } else if (n.op().isSetOperator()) {
            if (vm.card() == VectorMatching.Cardinality.ONE_TO_MANY
                    || vm.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
                error(pos, "no grouping allowed for \"" + n.op().symbol() + "\" operation");
            }
            if (vm.card() != VectorMatching.Cardinality.MANY_TO_MANY) {
                error(pos, "set operations must always be many-to-many");
            }
            if (vm.hasFill()) {
                error(pos, "filling in missing series not allowed for set operators");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && n.op().isSetOperator()) {
            error(pos, "set operator \"" + n.op().symbol() + "\" not allowed in binary scalar expression");
        }
        return new BinaryExpr(n.op(), lhs, rhs, vm, n.returnBool());
    }

    @Override
    public Expr visitCall(Call n) {
        FunctionDef f = n.func();
        int nargs = f.argTypes().size();
        String fname = GoQuote.quote(f.name());
        if (f.variadic() == 0) {
            if (nargs != n.args().size()) {
                error(n.positionRange(), "expected " + nargs + " argument(s) in call to " + fname + ", got "
                        + n.args().size());
            }
        } else {
            int na = nargs - 1;
            if (na > n.args().size()) {
                error(n.positionRange(), "expected at least " + na + " argument(s) in call to " + fname + ", got "
                        + n.args().size());
            } else if (f.variadic() > 0 && na + f.variadic() < n.args().size()) {
                error(n.positionRange(), "expected at most " + (na + f.variadic()) + " argument(s) in call to "
                        + fname + ", got " + n.args().size());
            }
        }
        List<Expr> args = new ArrayList<>(n.args());
        if (f.name().equals("info") && args.size() > 1) {
            Expr second = args.get(1);
            if (second.type() != ValueType.VECTOR) {
                error(n.positionRange(), "expected type instant vector in call to function " + fname + ", got "
                        + second.type().documentedName());
            }
            if (second instanceof VectorSelector vs && !vs.name().isEmpty()) {
                error(second.positionRange(), "expected label selectors only, got vector selector instead");
            } else if (second instanceof VectorSelector vs) {
                args.set(1, vs.withBypassEmptyMatcherCheck());
            } else {
                error(second.positionRange(), "expected label selectors only");
            }
        }
        for (int i = 0; i < args.size(); i++) {
            if (i >= nargs && f.variadic() == 0) {
                break;
            }
            ValueType want = f.argType(i);
            Expr checked = check(args.get(i));
            args.set(i, checked);
            if (checked.type() != want) {
                error(checked.positionRange(), "expected type " + want.documentedName() + " in call to function "
                        + fname + ", got " + checked.type().documentedName());
            }
        }
        return new Call(f, args, n.positionRange());
    }

    @Override
    public Expr visitDuration(DurationExpr e) {
        return e;
    }

    @Override
    public Expr visitMatrixSelector(MatrixSelector e) {
        Expr vs = check(e.selector());
        return e.withSelector((VectorSelector) vs, e.endPos());
    }

    @Override
    public Expr visitNumber(NumberLiteral e) {
        return e;
    }

    @Override
    public Expr visitParen(ParenExpr e) {
        return new ParenExpr(check(e.expr()), e.positionRange());
    }

    @Override
    public Expr visitStepInvariant(StepInvariantExpr e) {
        return new StepInvariantExpr(check(e.expr()));
    }

    @Override
    public Expr visitString(StringLiteral e) {
        return e;
    }

    @Override
    public Expr visitSubquery(SubqueryExpr e) {
        Expr inner = check(e.expr());
        if (inner.type() != ValueType.VECTOR) {
            error(e.positionRange(), "subquery is only allowed on instant vector, got " + inner.type().apiName()
                    + " instead");
        }
        return new SubqueryExpr(inner, e.rangeMs(), e.rangeExpr(), e.stepMs(), e.stepExpr(), e.offsetMs(),
                e.offsetExpr(), e.at(), e.atMs(), e.endPos());
    }

    @Override
    public Expr visitUnary(UnaryExpr e) {
        Expr inner = check(e.expr());
        if (inner.type() != ValueType.SCALAR && inner.type() != ValueType.VECTOR) {
            error(e.positionRange(), "unary expression only allowed on expressions of type scalar or instant vector, got "
                    + GoQuote.quote(inner.type().documentedName()));
        }
        return new UnaryExpr(e.op(), inner, e.startPos());
    }

    @Override
    public Expr visitVectorSelector(VectorSelector n) {
        List<Matcher> ms = n.matchers();
        if (!n.name().isEmpty()) {
            for (int i = 0; i < ms.size() - 1; i++) {
                if (ms.get(i).name().equals("__name__")) {
                    error(n.positionRange(), "metric name must not be set twice: " + GoQuote.quote(n.name()) + " or "
                            + GoQuote.quote(ms.get(i).value()));
                }
            }
            return n;
        }
        if (!n.bypassEmptyMatcherCheck()) {
            boolean notEmpty = false;
            for (Matcher m : ms) {
                if (!m.matchesEmpty()) {
                    notEmpty = true;
                    break;
                }
            }
            if (!notEmpty) {
                error(n.positionRange(), "vector selector must contain at least one non-empty matcher");
            }
        }
        return n;
    }
}
