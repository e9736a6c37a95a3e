package dev.narthex.promql.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The child expressions of a node, as Prometheus's {@code Children} lists them: operands, arguments,
 * the selector of a range selector; the duration expressions of ranges, steps and offsets are not
 * children.
 */
public final class Children {
    private Children() {
    }

    public static List<Expr> of(Expr e) {
        if (e instanceof AggregateExpr a) {
            return a.param() == null ? List.of(a.expr()) : List.of(a.expr(), a.param());
        } else if (e instanceof BinaryExpr b) {
            return List.of(b.lhs(), b.rhs());
        } else if (e instanceof Call c) {
            return c.args();
        } else if (e instanceof SubqueryExpr s) {
            return List.of(s.expr());
        } else if (e instanceof ParenExpr p) {
            return List.of(p.expr());
        } else if (e instanceof UnaryExpr u) {
            return List.of(u.expr());
        } else if (e instanceof MatrixSelector m) {
            return List.of(m.selector());
        } else if (e instanceof StepInvariantExpr s) {
            return List.of(s.expr());
        }
        return List.of();
    }

    /** Visits {@code e} and every descendant depth-first, parents before children. */
    public static void inspect(Expr e, Consumer<Expr> visitor) {
        visitor.accept(e);
        for (Expr child : of(e)) {
            inspect(child, visitor);
        }
    }

    /** Every vector selector in the tree, in query order (including those of range selectors). */
    public static List<VectorSelector> selectors(Expr e) {
        List<VectorSelector> out = new ArrayList<>();
        inspect(e, n -> {
            if (n instanceof VectorSelector vs) {
                out.add(vs);
            }
        });
        return out;
    }
}
