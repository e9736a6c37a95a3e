package dev.narthex.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * Formats an expression over several lines as Prometheus's {@code Prettify} does (the
 * {@code /api/v1/format_query} output): a node whose one-line form exceeds 100 bytes is split, its
 * children indented by two spaces per level.
 */
public final class Prettifier {
    private static final int MAX_LINE = 100;

    private final int maxLine;

    private Prettifier(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Prometheus's formatting with its 100-byte line limit. */
    public static String format(Expr e) {
        return format(e, MAX_LINE);
    }

    /** The same with another line limit (Prometheus's own tests use 10 to force splits). */
    public static String format(Expr e, int maxLine) {
        return new Prettifier(maxLine).pretty(e, 0);
    }

    private boolean needsSplit(Expr e) {
        return e.toString().getBytes(StandardCharsets.UTF_8).length > maxLine;
    }

    private static String indent(int level) {
        return "  ".repeat(level);
    }

    private String pretty(Expr e, int level) {
        if (e instanceof AggregateExpr a) {
            if (!needsSplit(a)) {
                return indent(level) + a;
            }
            StringBuilder s = new StringBuilder(indent(level)).append(Printer.aggregateHead(a)).append("(\n");
            if (a.op().hasParam()) {
                s.append(pretty(a.param(), level + 1)).append(",\n");
            }
            return s.append(pretty(a.expr(), level + 1)).append('\n').append(indent(level)).append(')').toString();
        } else if (e instanceof BinaryExpr b) {
            if (!needsSplit(b)) {
                return indent(level) + b;
            }
            return pretty(b.lhs(), level + 1) + "\n" + indent(level) + Printer.binaryOpText(b) + "\n"
                    + pretty(b.rhs(), level + 1);
        } else if (e instanceof Call c) {
            if (!needsSplit(c)) {
                return indent(level) + c;
            }
            StringBuilder s = new StringBuilder(indent(level)).append(c.func().name()).append("(\n");
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) {
                    s.append(",\n");
                }
                s.append(pretty(c.args().get(i), level + 1));
            }
            return s.append('\n').append(indent(level)).append(')').toString();
        } else if (e instanceof ParenExpr p) {
            if (!needsSplit(p)) {
                return indent(level) + p;
            }
            return indent(level) + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent(level) + ")";
        } else if (e instanceof StepInvariantExpr s) {
            return pretty(s.expr(), level);
        } else if (e instanceof SubqueryExpr sq) {
            // Prometheus does not indent a subquery that fits on one line; kept for identical output.
            if (!needsSplit(sq)) {
                return sq.toString();
            }
            return pretty(sq.expr(), level) + Printer.subquerySuffix(sq);
        } else if (e instanceof UnaryExpr u) {
            return indent(level) + u.op().symbol() + pretty(u.expr(), level).strip();
        }
        return indent(level) + e;
    }
}
