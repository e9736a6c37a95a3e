package dev.narthex.promql.ast;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.storage.Matcher;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prints expressions exactly as Prometheus's {@code String()} methods do (single line, parseable). */
public final class Printer implements ExprVisitor<String> {
    private static final Printer INSTANCE = new Printer();

    private Printer() {
    }

    public static String print(Expr e) {
        return e.accept(INSTANCE);
    }

    @Override
    public String visitAggregate(AggregateExpr e) {
        StringBuilder b = new StringBuilder();
        b.append(aggregateHead(e)).append('(');
        if (e.op().hasParam()) {
            b.append(e.param()).append(", ");
        }
        return b.append(e.expr()).append(')').toString();
    }

    /** The operator with its grouping clause, e.g. {@code sum by (job) }. */
    static String aggregateHead(AggregateExpr e) {
        StringBuilder b = new StringBuilder(e.op().keyword());
        if (e.without()) {
            b.append(" without (");
            labelList(b, e.grouping());
            b.append(") ");
        } else if (!e.grouping().isEmpty()) {
            b.append(" by (");
            labelList(b, e.grouping());
            b.append(") ");
        }
        return b.toString();
    }

    static void labelList(StringBuilder b, List<String> labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            String l = labels.get(i);
            b.append(isLegacyName(l, false) ? l : GoQuote.quote(l));
        }
    }

    @Override
    public String visitBinary(BinaryExpr e) {
        return e.lhs() + " " + binaryOpText(e) + " " + e.rhs();
    }

    /** The operator with its bool and matching modifiers, e.g. {@code * on (a) group_left (b)}. */
    static String binaryOpText(BinaryExpr e) {
        StringBuilder b = new StringBuilder(e.op().symbol());
        if (e.returnBool()) {
            b.append(" bool");
        }
        VectorMatching vm = e.matching();
        if (vm != null) {
            boolean grouped = vm.card() == VectorMatching.Cardinality.MANY_TO_ONE
                    || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY;
            if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
                b.append(vm.on() ? " on (" : " ignoring (");
                labelList(b, vm.matchingLabels());
                b.append(')');
            }
            if (grouped) {
                b.append(vm.card() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
                labelList(b, vm.include());
                b.append(')');
            }
            if (vm.hasFillLhs() && vm.hasFillRhs() && Double.compare(vm.fillLhs(), vm.fillRhs()) == 0) {
                b.append(" fill (").append(goFloat(vm.fillLhs())).append(')');
            } else {
                if (vm.hasFillLhs()) {
                    b.append(" fill_left (").append(goFloat(vm.fillLhs())).append(')');
                }
                if (vm.hasFillRhs()) {
                    b.append(" fill_right (").append(goFloat(vm.fillRhs())).append(')');
                }
            }
        }
        return b.toString();
    }

    @Override
    public String visitCall(Call e) {
        StringBuilder b = new StringBuilder(e.func().name()).append('(');
        for (int i = 0; i < e.args().size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(e.args().get(i));
        }
        return b.append(')').toString();
    }

    @Override
    public String visitDuration(DurationExpr e) {
        StringBuilder b = new StringBuilder();
        if (e.wrapped()) {
            b.append('(');
        }
        switch (e.op()) {
            case STEP -> b.append("step()");
            case RANGE -> b.append("range()");
            case MIN_OF, MAX_OF -> b.append(e.op().symbol()).append('(').append(e.lhs()).append(", ")
                    .append(e.rhs()).append(')');
            default -> {
                if (e.lhs() == null) {
                    if (e.op() == DurationExpr.Op.SUB) {
                        b.append('-');
                    }
                    b.append(e.rhs());
                } else {
                    b.append(e.lhs()).append(' ').append(e.op().symbol()).append(' ').append(e.rhs());
                }
            }
        }
        if (e.wrapped()) {
            b.append(')');
        }
        return b.toString();
    }

    @Override
    public String visitMatrixSelector(MatrixSelector e) {
        VectorSelector vs = e.selector();
        StringBuilder b = new StringBuilder(selectorBody(vs));
        b.append('[').append(e.rangeExpr() != null ? e.rangeExpr().toString() : duration(e.rangeMs())).append(']');
        if (vs.anchored()) {
            b.append(" anchored");
        } else if (vs.smoothed()) {
            b.append(" smoothed");
        }
        at(b, vs.at(), vs.atMs());
        offset(b, vs.offsetMs(), vs.offsetExpr());
        return b.toString();
    }

    @Override
    public String visitNumber(NumberLiteral e) {
        if (e.duration()) {
            double v = e.value();
            return v < 0 ? "-" + duration((long) (-v * 1000)) : duration((long) (v * 1000));
        }
        return goFloat(e.value());
    }

    @Override
    public String visitParen(ParenExpr e) {
        return "(" + e.expr() + ")";
    }

    @Override
    public String visitStepInvariant(StepInvariantExpr e) {
        return e.expr().toString();
    }

    @Override
    public String visitString(StringLiteral e) {
        return GoQuote.quote(e.value());
    }

    @Override
    public String visitSubquery(SubqueryExpr e) {
        return e.expr() + subquerySuffix(e);
    }

    /** The {@code [range:step] @ ... offset ...} part of a subquery. */
    static String subquerySuffix(SubqueryExpr e) {
        StringBuilder b = new StringBuilder("[");
        b.append(e.rangeExpr() != null ? e.rangeExpr().toString() : duration(e.rangeMs())).append(':');
        if (e.stepMs() != 0) {
            b.append(duration(e.stepMs()));
        } else if (e.stepExpr() != null) {
            b.append(e.stepExpr());
        }
        b.append(']');
        at(b, e.at(), e.atMs());
        offset(b, e.offsetMs(), e.offsetExpr());
        return b.toString();
    }

    @Override
    public String visitUnary(UnaryExpr e) {
        return e.op().symbol() + e.expr();
    }

    @Override
    public String visitVectorSelector(VectorSelector e) {
        StringBuilder b = new StringBuilder(selectorBody(e));
        at(b, e.at(), e.atMs());
        if (e.anchored()) {
            b.append(" anchored");
        } else if (e.smoothed()) {
            b.append(" smoothed");
        }
        offset(b, e.offsetMs(), e.offsetExpr());
        return b.toString();
    }

    /** Name and sorted matchers, without modifiers. */
    static String selectorBody(VectorSelector e) {
        List<String> parts = new ArrayList<>(e.matchers().size());
        for (Matcher m : e.matchers()) {
            if (m.name().equals("__name__") && m.type() == Matcher.Type.EQUAL && m.value().equals(e.name())
                    && !m.value().isEmpty()) {
                continue;
            }
            parts.add(matcher(m));
        }
        StringBuilder b = new StringBuilder(e.name());
        if (!parts.isEmpty()) {
            Collections.sort(parts);
            b.append('{').append(String.join(",", parts)).append('}');
        }
        return b.toString();
    }

    /** A matcher as Prometheus prints it: the name quoted when not a legacy label name. */
    public static String matcher(Matcher m) {
        String name = isLegacyName(m.name(), false) ? m.name() : GoQuote.quote(m.name());
        return name + m.type().symbol() + GoQuote.quote(m.value());
    }

    private static void at(StringBuilder b, AtModifier at, long atMs) {
        switch (at) {
            case TIMESTAMP -> b.append(" @ ").append(new BigDecimal(atMs).movePointLeft(3).setScale(3).toPlainString());
            case START -> b.append(" @ start()");
            case END -> b.append(" @ end()");
            default -> {
            }
        }
    }

    private static void offset(StringBuilder b, long offsetMs, DurationExpr offsetExpr) {
        if (offsetExpr != null) {
            b.append(" offset ").append(offsetExpr);
        } else if (offsetMs > 0) {
            b.append(" offset ").append(duration(offsetMs));
        } else if (offsetMs < 0) {
            b.append(" offset -").append(duration(-offsetMs));
        }
    }

    /** Prometheus's {@code model.Duration} text: {@code 1h30m}, {@code 90d}, {@code 0s}. */
    public static String duration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] rest = {ms};
        unit(b, rest, "y", 1000L * 60 * 60 * 24 * 365, true);
        unit(b, rest, "w", 1000L * 60 * 60 * 24 * 7, true);
        unit(b, rest, "d", 1000L * 60 * 60 * 24, false);
        unit(b, rest, "h", 1000L * 60 * 60, false);
        unit(b, rest, "m", 1000L * 60, false);
        unit(b, rest, "s", 1000L, false);
        unit(b, rest, "ms", 1, false);
        return b.toString();
    }

    private static void unit(StringBuilder b, long[] rest, String unit, long mult, boolean exact) {
        if (exact && rest[0] % mult != 0) {
            return;
        }
        long v = rest[0] / mult;
        if (v > 0) {
            b.append(v).append(unit);
            rest[0] -= v * mult;
        }
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
    public static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        // The shortest decimal that reads back as v (Java 17's Double.toString is not always shortest).
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == v) {
                return rounded.stripTrailingZeros().toPlainString();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
    }

    /** Whether {@code s} matches {@code [a-zA-Z_][a-zA-Z0-9_]*} (with {@code :} too for metric names). */
    public static boolean isLegacyName(String s, boolean allowColon) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (allowColon && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
