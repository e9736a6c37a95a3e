package dev.narthex.promql.parse;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.storage.text.GoQuote;
import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AggregateOp;
import dev.narthex.promql.ast.AtModifier;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.BinaryOp;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.DurationExpr;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.FunctionDef;
import dev.narthex.promql.ast.Functions;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.NumberLiteral;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.PositionRange;
import dev.narthex.promql.ast.StringLiteral;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorMatching;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Turns the parse tree into AST nodes, applying the checks Prometheus's grammar actions make
 * (modifier placement, aggregation arity, literal ranges...). Errors are collected, not thrown:
 * like Prometheus, building goes on so that the first error in the query is reported. Nodes built
 * after an error may be placeholders; the tree is discarded when any error was recorded.
 */
final class AstBuilder {
    private static final double MAX_DURATION_SECONDS = 9.223372036854775807E9;
    private final List<ParseError> errors;

    AstBuilder(List<ParseError> errors) {
        this.errors = errors;
    }

    private void error(PositionRange r, String msg) {
        errors.add(new ParseError(r, msg));
    }

    private void error(int start, int end, String msg) {
        errors.add(new ParseError(start, end, msg));
    }

    private static int startOf(Token t) {
        return t.getStartIndex();
    }

    private static int endOf(Token t) {
        return t.getStopIndex() + 1;
    }

    private static PositionRange range(Token t) {
        return new PositionRange(startOf(t), endOf(t));
    }

    private static PositionRange range(ParserRuleContext c) {
        return new PositionRange(startOf(c.getStart()), endOf(c.getStop()));
    }

    Expr expr(PromQL.ExprContext c) {
        if (c instanceof PromQL.BinaryContext b) {
            return binary(b);
        } else if (c instanceof PromQL.UnaryContext u) {
            return unary(u);
        } else if (c instanceof PromQL.ParenContext p) {
            return new ParenExpr(expr(p.expr()), range(p));
        } else if (c instanceof PromQL.NumberContext n) {
            return numberLiteral(n.getStart());
        } else if (c instanceof PromQL.StringContext s) {
            return new StringLiteral(unquote(s.getStart()), range(s.getStart()));
        } else if (c instanceof PromQL.SelectorContext s) {
            return vectorSelector(s.vectorSelector());
        } else if (c instanceof PromQL.CallContext call) {
            return call(call);
        } else if (c instanceof PromQL.AggregateContext a) {
            return aggregate(a);
        } else if (c instanceof PromQL.MatrixSelectorContext m) {
            return matrixSelector(m);
        } else if (c instanceof PromQL.SubqueryContext s) {
            return subquery(s);
        } else if (c instanceof PromQL.OffsetContext o) {
            return offset(o);
        } else if (c instanceof PromQL.AtContext a) {
            return at(a);
        } else if (c instanceof PromQL.AnchoredContext a) {
            return extended(expr(a.expr()), true, a);
        } else if (c instanceof PromQL.SmoothedContext s) {
            return extended(expr(s.expr()), false, s);
        }
        throw new IllegalStateException("unhandled parse tree node " + c.getClass().getSimpleName());
    }

    // ---- literals ----

    private NumberLiteral numberLiteral(Token t) {
        if (t.getType() == PromQL.DURATION) {
            return new NumberLiteral(durationSeconds(t), true, range(t));
        }
        return new NumberLiteral(number(t), false, range(t));
    }

    private double durationSeconds(Token t) {
        try {
            return PromDuration.parseNanos(t.getText()) / 1e9;
        } catch (IllegalArgumentException e) {
            error(range(t), e.getMessage());
            return 0;
        }
    }

    private double number(Token t) {
        try {
            return Numbers.parse(t.getText());
        } catch (NumberFormatException e) {
            error(range(t), "error parsing number: " + e.getMessage());
            return 0;
        }
    }

    private String unquote(Token t) {
        return StringUnquoter.unquote(t.getText());
    }

    // ---- selectors ----

    VectorSelector vectorSelector(PromQL.VectorSelectorContext c) {
        List<Matcher> matchers = new ArrayList<>();
        if (c.labelMatchers() != null) {
            for (PromQL.LabelMatcherContext m : c.labelMatchers().labelMatcher()) {
                Matcher matcher = labelMatcher(m);
                if (matcher != null) {
                    matchers.add(matcher);
                }
            }
        }
        String name = "";
        if (c.metricIdentifier() != null) {
            name = c.metricIdentifier().getText();
            matchers.add(Matcher.equal("__name__", name));
        }
        return VectorSelector.of(name, matchers, range(c));
    }

    private Matcher labelMatcher(PromQL.LabelMatcherContext c) {
        if (c instanceof PromQL.NameMatcherContext n) {
            return Matcher.equal("__name__", unquote(n.STRING().getSymbol()));
        }
        PromQL.MatcherWithOpContext m = (PromQL.MatcherWithOpContext) c;
        Token nameTok = m.getStart();
        String name = nameTok.getType() == PromQL.STRING ? unquote(nameTok) : nameTok.getText();
        Token valueTok = m.getStop();
        String value = unquote(valueTok);
        Matcher.Type type = switch (m.matchOp().getStart().getType()) {
            case PromQL.EQL -> Matcher.Type.EQUAL;
            case PromQL.NEQ -> Matcher.Type.NOT_EQUAL;
            case PromQL.EQL_REGEX -> Matcher.Type.REGEX;
            default -> Matcher.Type.NOT_REGEX;
        };
        try {
            return Matcher.of(type, name, value);
        } catch (IllegalArgumentException e) {
            error(startOf(nameTok), endOf(valueTok), e.getMessage());
            return null;
        }
    }

    private Expr matrixSelector(PromQL.MatrixSelectorContext c) {
        Expr inner = expr(c.expr());
        Token open = c.LEFT_BRACKET().getSymbol();
        Token close = c.RIGHT_BRACKET().getSymbol();
        String msg = null;
        if (!(inner instanceof VectorSelector vs)) {
            msg = "ranges only allowed for vector selectors";
        } else if (vs.offsetMs() != 0) {
            msg = "no offset modifiers allowed before range";
        } else if (vs.at() == AtModifier.TIMESTAMP) {
            msg = "no @ modifiers allowed before range";
        }
        if (msg != null) {
            error(startOf(open), endOf(close), msg);
        }
        Expr range = positiveDuration(c.durationExpr());
        if (!(inner instanceof VectorSelector vs)) {
            return inner;
        }
        if (range instanceof NumberLiteral n) {
            return new MatrixSelector(vs, secondsToMillis(n.value()), null, endOf(close));
        }
        return new MatrixSelector(vs, 0, (DurationExpr) range, endOf(close));
    }

    private Expr subquery(PromQL.SubqueryContext c) {
        Expr inner = expr(c.expr());
        Expr range = positiveDuration(c.durationExpr(0));
        Expr step = c.durationExpr().size() > 1 ? positiveDuration(c.durationExpr(1)) : null;
        long rangeMs = range instanceof NumberLiteral n ? secondsToMillis(n.value()) : 0;
        DurationExpr rangeExpr = range instanceof DurationExpr d ? d : null;
        long stepMs = step instanceof NumberLiteral n ? secondsToMillis(n.value()) : 0;
        DurationExpr stepExpr = step instanceof DurationExpr d ? d : null;
        return new SubqueryExpr(inner, rangeMs, rangeExpr, stepMs, stepExpr, 0, null, AtModifier.NONE, 0,
                endOf(c.RIGHT_BRACKET().getSymbol()));
    }

    /** Go's {@code time.Duration(math.Round(v * 1e9))} truncated to milliseconds. */
    static long secondsToMillis(double seconds) {
        return goRound(seconds * 1e9) / 1_000_000L;
    }

    /** Go's {@code int64(math.Round(x))}: halves round away from zero (Java's Math.round rounds up). */
    static long goRound(double x) {
        return (long) (Math.signum(x) * Math.floor(Math.abs(x) + 0.5));
    }

    private Expr positiveDuration(PromQL.DurationExprContext c) {
        Expr d = durationExpr(c);
        if (d instanceof NumberLiteral n && n.value() <= 0) {
            error(n.positionRange(), "duration must be greater than 0");
            return new NumberLiteral(0, false, n.positionRange());
        }
        return d;
    }

    // ---- modifiers ----

    private Expr offset(PromQL.OffsetContext c) {
        Expr e = expr(c.expr());
        Expr d = offsetDuration(c.offsetDuration());
        int end = endOf(c.getStop());
        long offsetMs = 0;
        DurationExpr offsetExpr = null;
        if (d instanceof NumberLiteral n) {
            offsetMs = secondsToMillis(n.value());
        } else {
            offsetExpr = (DurationExpr) d;
        }
        String twice = "offset may not be set multiple times";
        if (e instanceof VectorSelector vs) {
            if (vs.hasOffset()) {
                error(vs.positionRange(), twice);
                return e;
            }
            return vs.withOffset(offsetMs, offsetExpr, new PositionRange(vs.positionRange().start(), end));
        } else if (e instanceof MatrixSelector ms) {
            if (ms.selector().hasOffset()) {
                error(ms.positionRange(), twice);
                return e;
            }
            return ms.withSelector(ms.selector().withOffset(offsetMs, offsetExpr, ms.selector().positionRange()), end);
        } else if (e instanceof SubqueryExpr sq) {
            if (sq.hasOffset()) {
                error(sq.positionRange(), twice);
                return e;
            }
            return sq.withOffset(offsetMs, offsetExpr, end);
        }
        error(e.positionRange(),
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        return e;
    }

    private Expr at(PromQL.AtContext c) {
        Expr e = expr(c.expr());
        int end = endOf(c.getStop());
        AtModifier kind;
        long ms = 0;
        if (c.atValue() instanceof PromQL.AtTimestampContext t) {
            Token num = t.getStop();
            double ts = num.getType() == PromQL.DURATION ? durationSeconds(num) : number(num);
            if (t.sign != null && t.sign.getType() == PromQL.SUB) {
                ts = -ts;
            }
            if (Double.isNaN(ts) || Double.isInfinite(ts) || ts >= 9.223372036854775807E18
                    || ts <= -9.223372036854775807E18) {
                error(e.positionRange(), "timestamp out of bounds for @ modifier: " + goFloatF(ts));
            }
            kind = AtModifier.TIMESTAMP;
            ms = goRound(ts * 1000);
        } else {
            kind = c.atValue().getStart().getType() == PromQL.START ? AtModifier.START : AtModifier.END;
        }
        String twice = "@ <timestamp> may not be set multiple times";
        if (e instanceof VectorSelector vs) {
            if (vs.at() != AtModifier.NONE) {
                error(vs.positionRange(), twice);
                return e;
            }
            return vs.withAt(kind, ms, new PositionRange(vs.positionRange().start(), end));
        } else if (e instanceof MatrixSelector m) {
            if (m.selector().at() != AtModifier.NONE) {
                error(m.positionRange(), twice);
                return e;
            }
            return m.withSelector(m.selector().withAt(kind, ms, m.selector().positionRange()), end);
        } else if (e instanceof SubqueryExpr sq) {
            if (sq.at() != AtModifier.NONE) {
                error(sq.positionRange(), twice);
                return e;
            }
            return sq.withAt(kind, ms, end);
        }
        error(e.positionRange(),
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        return e;
    }

    /** Go's {@code %f}: six decimals. */
    private static String goFloatF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private Expr extended(Expr e, boolean anchored, ParserRuleContext c) {
        String name = anchored ? "anchored" : "smoothed";
        String both = "anchored and smoothed modifiers cannot be used together";
        if (e instanceof VectorSelector vs) {
            if (anchored ? vs.smoothed() : vs.anchored()) {
                error(vs.positionRange(), both);
            }
            return vs.withExtended(anchored || vs.anchored(), !anchored || vs.smoothed(), vs.positionRange());
        } else if (e instanceof MatrixSelector m) {
            VectorSelector vs = m.selector();
            if (anchored ? vs.smoothed() : vs.anchored()) {
                error(m.positionRange(), both);
            }
            return m.withSelector(vs.withExtended(anchored || vs.anchored(), !anchored || vs.smoothed(),
                    vs.positionRange()), m.endPos());
        } else if (e instanceof SubqueryExpr) {
            error(e.positionRange(), name + " modifier is not supported for subqueries");
            return e;
        }
        error(e.positionRange(), name + " modifier not implemented");
        return e;
    }

    // ---- duration expressions ----

    private Expr offsetDuration(PromQL.OffsetDurationContext c) {
        Token sign = c.sign;
        PromQL.DurationTermContext term = c.durationTerm();
        if (sign == null) {
            return durationTerm(term);
        }
        if (term instanceof PromQL.DurationParenContext) {
            return applyUnary(sign, durationTerm(term), true);
        }
        if (term instanceof PromQL.DurationLiteralContext) {
            // A signed literal is range-checked after the sign is applied, the error pointing at the sign.
            NumberLiteral n = numberLiteral(term.getStart());
            double v = sign.getType() == PromQL.SUB ? -n.value() : n.value();
            if (outOfRange(v)) {
                error(range(sign), "duration out of range");
                return new NumberLiteral(0, false, n.positionRange());
            }
            return new NumberLiteral(v, n.duration(), new PositionRange(startOf(sign), n.positionRange().end()));
        }
        Expr d = durationTerm(term);
        // Unary plus changes nothing; Prometheus keeps a node for it that prints as its operand.
        return sign.getType() == PromQL.SUB ? new DurationExpr(DurationExpr.Op.SUB, null, d, false, startOf(sign), 0) : d;
    }

    private static boolean outOfRange(double v) {
        return v > MAX_DURATION_SECONDS || v < -MAX_DURATION_SECONDS;
    }

    private Expr durationTerm(PromQL.DurationTermContext c) {
        if (c instanceof PromQL.DurationLiteralContext l) {
            NumberLiteral n = numberLiteral(l.getStart());
            if (outOfRange(n.value())) {
                error(n.positionRange(), "duration out of range");
                return new NumberLiteral(0, false, n.positionRange());
            }
            return n;
        } else if (c instanceof PromQL.DurationStepContext s) {
            return new DurationExpr(DurationExpr.Op.STEP, null, null, false, startOf(s.getStart()), endOf(s.getStop()));
        } else if (c instanceof PromQL.DurationRangeContext r) {
            return new DurationExpr(DurationExpr.Op.RANGE, null, null, false, startOf(r.getStart()), endOf(r.getStop()));
        } else if (c instanceof PromQL.DurationMinMaxContext m) {
            DurationExpr.Op op = m.fn.getType() == PromQL.MAX_OF ? DurationExpr.Op.MAX_OF : DurationExpr.Op.MIN_OF;
            return new DurationExpr(op, durationExpr(m.durationExpr(0)), durationExpr(m.durationExpr(1)), false,
                    startOf(m.getStart()), endOf(m.getStop()));
        }
        Expr inner = durationExpr(((PromQL.DurationParenContext) c).durationExpr());
        return inner instanceof DurationExpr d ? d.withWrapped(true) : inner;
    }

    private Expr durationExpr(PromQL.DurationExprContext c) {
        if (c instanceof PromQL.DurationPrimaryContext p) {
            return durationTerm(p.durationTerm());
        } else if (c instanceof PromQL.DurationUnaryContext u) {
            return applyUnary(u.op, durationExpr(u.durationExpr()), false);
        }
        PromQL.DurationBinaryContext b = (PromQL.DurationBinaryContext) c;
        Expr lhs = durationExpr(b.durationExpr(0));
        Expr rhs = durationExpr(b.durationExpr(1));
        DurationExpr.Op op = switch (b.op.getType()) {
            case PromQL.ADD -> DurationExpr.Op.ADD;
            case PromQL.SUB -> DurationExpr.Op.SUB;
            case PromQL.MUL -> DurationExpr.Op.MUL;
            case PromQL.DIV -> DurationExpr.Op.DIV;
            case PromQL.MOD -> DurationExpr.Op.MOD;
            default -> DurationExpr.Op.POW;
        };
        if (op == DurationExpr.Op.DIV && rhs instanceof NumberLiteral n && n.value() == 0) {
            error(range(b.op), "division by zero");
            return new NumberLiteral(0, false, range(b.op));
        }
        if (op == DurationExpr.Op.MOD && rhs instanceof NumberLiteral n && n.value() == 0) {
            error(range(b.op), "modulo by zero");
            return new NumberLiteral(0, false, range(b.op));
        }
        return new DurationExpr(op, lhs, rhs, false, lhs.positionRange().start(), rhs.positionRange().end());
    }

    private Expr applyUnary(Token op, Expr e, boolean wrapped) {
        if (e instanceof DurationExpr d) {
            DurationExpr inner = wrapped ? d.withWrapped(true) : d;
            if (op.getType() == PromQL.SUB) {
                return new DurationExpr(DurationExpr.Op.SUB, null, inner, false, startOf(op), 0);
            }
            return inner;
        }
        NumberLiteral n = (NumberLiteral) e;
        double v = op.getType() == PromQL.SUB ? -n.value() : n.value();
        if (outOfRange(v)) {
            error(range(op), "duration out of range");
            return new NumberLiteral(0, false, n.positionRange());
        }
        return new NumberLiteral(v, n.duration(), new PositionRange(startOf(op), n.positionRange().end()));
    }

    // ---- operators ----

    private Expr unary(PromQL.UnaryContext c) {
        Expr e = expr(c.expr());
        boolean minus = c.op.getType() == PromQL.SUB;
        if (e instanceof NumberLiteral n) {
            return new NumberLiteral(minus ? -n.value() : n.value(), n.duration(),
                    new PositionRange(startOf(c.op), n.positionRange().end()));
        }
        return new UnaryExpr(minus ? UnaryExpr.Op.MINUS : UnaryExpr.Op.PLUS, e, startOf(c.op));
    }

    private Expr binary(PromQL.BinaryContext c) {
        Expr lhs = expr(c.expr(0));
        Expr rhs = expr(c.expr(1));
        BinaryOp op = binaryOp(c.op.getType());
        PromQL.BinModifiersContext m = c.binModifiers();
        boolean returnBool = m.BOOL() != null;
        VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
        List<String> matching = List.of();
        List<String> include = List.of();
        boolean on = m.ON() != null;
        if (!m.groupingLabels().isEmpty()) {
            matching = groupingLabels(m.groupingLabels(0));
            if (m.GROUP_LEFT() != null || m.GROUP_RIGHT() != null) {
                card = m.GROUP_LEFT() != null ? VectorMatching.Cardinality.MANY_TO_ONE
                        : VectorMatching.Cardinality.ONE_TO_MANY;
                if (m.groupingLabels().size() > 1) {
                    include = groupingLabels(m.groupingLabels(1));
                }
            }
        }
        boolean hasL = false;
        boolean hasR = false;
        double fillL = 0;
        double fillR = 0;
        PromQL.FillModifiersContext f = m.fillModifiers();
        if (f != null) {
            List<PromQL.FillValueContext> values = f.fillValue();
            int first = f.getStart().getType();
            double v0 = fillValue(values.get(0));
            if (first == PromQL.FILL) {
                hasL = hasR = true;
                fillL = fillR = v0;
            } else if (first == PromQL.FILL_LEFT) {
                hasL = true;
                fillL = v0;
                if (values.size() > 1) {
                    hasR = true;
                    fillR = fillValue(values.get(1));
                }
            } else {
                hasR = true;
                fillR = v0;
                if (values.size() > 1) {
                    hasL = true;
                    fillL = fillValue(values.get(1));
                }
            }
        }
        VectorMatching vm = new VectorMatching(card, matching, on, include, hasL, fillL, hasR, fillR);
        return new BinaryExpr(op, lhs, rhs, vm, returnBool);
    }

    private double fillValue(PromQL.FillValueContext c) {
        Token num = c.NUMBER() != null ? c.NUMBER().getSymbol() : c.DURATION().getSymbol();
        double v = num.getType() == PromQL.DURATION ? durationSeconds(num) : number(num);
        return c.SUB() != null ? -v : v;
    }

    static BinaryOp binaryOp(int tokenType) {
        return switch (tokenType) {
            case PromQL.ADD -> BinaryOp.ADD;
            case PromQL.SUB -> BinaryOp.SUB;
            case PromQL.MUL -> BinaryOp.MUL;
            case PromQL.DIV -> BinaryOp.DIV;
            case PromQL.MOD -> BinaryOp.MOD;
            case PromQL.POW -> BinaryOp.POW;
            case PromQL.ATAN2 -> BinaryOp.ATAN2;
            case PromQL.EQLC -> BinaryOp.EQLC;
            case PromQL.NEQ -> BinaryOp.NEQ;
            case PromQL.LSS -> BinaryOp.LSS;
            case PromQL.LTE -> BinaryOp.LTE;
            case PromQL.GTR -> BinaryOp.GTR;
            case PromQL.GTE -> BinaryOp.GTE;
            case PromQL.TRIM_UPPER -> BinaryOp.TRIM_UPPER;
            case PromQL.TRIM_LOWER -> BinaryOp.TRIM_LOWER;
            case PromQL.LAND -> BinaryOp.LAND;
            case PromQL.LUNLESS -> BinaryOp.LUNLESS;
            default -> BinaryOp.LOR;
        };
    }

    private List<String> groupingLabels(PromQL.GroupingLabelsContext c) {
        List<String> labels = new ArrayList<>();
        for (PromQL.GroupingLabelContext l : c.groupingLabel()) {
            Token t = l.getStart();
            String name = t.getType() == PromQL.STRING ? unquote(t) : t.getText();
            if (name.isEmpty() || !StringUnquoter.isValidUtf8(name)) {
                error(range(t), "invalid label name for grouping: " + GoQuote.quote(name));
            }
            labels.add(name);
        }
        return labels;
    }

    // ---- calls and aggregations ----

    private List<Expr> callArgs(PromQL.CallBodyContext body) {
        List<Expr> args = new ArrayList<>();
        for (PromQL.ExprContext a : body.expr()) {
            args.add(expr(a));
        }
        if (body.trailingComma != null) {
            error(range(body.trailingComma), "trailing commas not allowed in function call args");
        }
        return args;
    }

    private Expr call(PromQL.CallContext c) {
        Token name = c.functionName().getStart();
        FunctionDef fn = Functions.get(name.getText());
        if (fn == null) {
            error(range(name), "unknown function with name " + GoQuote.quote(name.getText()));
        }
        List<Expr> args = callArgs(c.callBody());
        if (fn == null) {
            return new NumberLiteral(0, false, range(c));
        }
        return new Call(fn, args, range(c));
    }

    private Expr aggregate(PromQL.AggregateContext c) {
        AggregateOp op = AggregateOp.fromKeyword(c.aggregateOp().getText());
        List<String> grouping = List.of();
        boolean without = false;
        if (c.aggregateModifier() != null) {
            without = c.aggregateModifier().WITHOUT() != null;
            grouping = groupingLabels(c.aggregateModifier().groupingLabels());
        }
        List<Expr> args = callArgs(c.callBody());
        PositionRange pos = range(c);
        if (args.isEmpty()) {
            error(pos, "no arguments for aggregate expression provided");
            return new NumberLiteral(0, false, pos);
        }
        int desired = op.hasParam() ? 2 : 1;
        if (args.size() != desired) {
            error(pos, "wrong number of arguments for aggregate expression provided, expected " + desired + ", got "
                    + args.size());
            return new NumberLiteral(0, false, pos);
        }
        Expr param = op.hasParam() ? args.get(0) : null;
        return new AggregateExpr(op, args.get(desired - 1), param, grouping, without, pos);
    }
}
