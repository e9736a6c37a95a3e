package dev.narthex.promql.eval;

import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.BinaryOp;
import dev.narthex.promql.ast.VectorMatching;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between scalars and instant vectors, with Prometheus's matching rules and errors. */
final class BinaryOperations {
    private final EvalContext ctx;

    BinaryOperations(EvalContext ctx) {
        this.ctx = ctx;
    }

    Object apply(BinaryExpr b, Object lhs, Object rhs, int steps) {
        BinaryOp op = b.op();
        if (lhs instanceof double[] l && rhs instanceof double[] r) {
            double[] out = new double[steps];
            for (int i = 0; i < steps; i++) {
                out[i] = scalarOp(op, l[i], r[i]);
            }
            return out;
        }
        if (lhs instanceof StepVector l && rhs instanceof double[] r) {
            return vectorScalar(op, l, r, false, b.returnBool());
        }
        if (lhs instanceof double[] l && rhs instanceof StepVector r) {
            return vectorScalar(op, r, l, true, b.returnBool());
        }
        StepVector l = (StepVector) lhs;
        StepVector r = (StepVector) rhs;
        VectorMatching m = b.matching();
        return switch (op) {
            case LAND -> and(l, r, m, true);
            case LUNLESS -> and(l, r, m, false);
            case LOR -> or(l, r, m);
            default -> vectorVector(op, l, r, m, b.returnBool());
        };
    }

    static double scalarOp(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
            case POW -> pow(l, r);
            case ATAN2 -> Math.atan2(l, r);
            case EQLC -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GTR -> l > r ? 1 : 0;
            case LSS -> l < r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            default -> throw new PromqlException(ErrorType.BAD_DATA, "operator \"" + op.symbol() + "\" not allowed between scalars");
        };
    }

    /** Go's math.Pow, which differs from Java for a base of 1 or -1 with NaN or infinite exponents. */
    static double pow(double x, double y) {
        if (x == 1 || y == 0) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    private static boolean compare(BinaryOp op, double l, double r) {
        return switch (op) {
            case EQLC -> l == r;
            case NEQ -> l != r;
            case GTR -> l > r;
            case LSS -> l < r;
            case GTE -> l >= r;
            case LTE -> l <= r;
            default -> throw new IllegalStateException();
        };
    }

    private StepVector vectorScalar(BinaryOp op, StepVector vec, double[] scalar, boolean scalarLeft, boolean returnBool) {
        boolean comparison = op.isComparison();
        for (StepSeries s : vec.series) {
            for (int i = 0; i < vec.steps; i++) {
                if (!s.present[i]) {
                    continue;
                }
                double l = scalarLeft ? scalar[i] : s.values[i];
                double r = scalarLeft ? s.values[i] : scalar[i];
                if (comparison) {
                    boolean keep = compare(op, l, r);
                    if (returnBool) {
                        s.values[i] = keep ? 1 : 0;
                    } else if (!keep) {
                        s.present[i] = false;
                    }
                } else {
                    s.values[i] = scalarOp(op, l, r);
                }
            }
            if (!comparison || returnBool) {
                s.dropName = true;
            }
        }
        vec.series.removeIf(StepSeries::isEmpty);
        return vec;
    }

    /** The match signature: the {@code on} labels, or all labels but the name and the {@code ignoring} ones. */
    static Labels signature(Labels labels, VectorMatching m) {
        Labels.Builder b = Labels.builder();
        if (m != null && m.on()) {
            for (String name : m.matchingLabels()) {
                b.set(name, labels.get(name));
            }
            return b.build();
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (!name.equals(Labels.METRIC_NAME) && (m == null || !m.matchingLabels().contains(name))) {
                b.set(name, labels.value(i));
            }
        }
        return b.build();
    }

    private StepVector and(StepVector l, StepVector r, VectorMatching m, boolean keepMatched) {
        Map<Labels, boolean[]> rhsPresence = new HashMap<>();
        for (StepSeries s : r.series) {
            boolean[] p = rhsPresence.computeIfAbsent(signature(s.labels, m), k -> new boolean[l.steps]);
            for (int i = 0; i < l.steps; i++) {
                p[i] |= s.present[i];
            }
        }
        for (StepSeries s : l.series) {
            boolean[] p = rhsPresence.get(signature(s.labels, m));
            for (int i = 0; i < l.steps; i++) {
                boolean matched = p != null && p[i];
                if (matched != keepMatched) {
                    s.present[i] = false;
                }
            }
        }
        l.series.removeIf(StepSeries::isEmpty);
        return l;
    }

    private StepVector or(StepVector l, StepVector r, VectorMatching m) {
        Map<Labels, boolean[]> lhsPresence = new HashMap<>();
        for (StepSeries s : l.series) {
            boolean[] p = lhsPresence.computeIfAbsent(signature(s.labels, m), k -> new boolean[l.steps]);
            for (int i = 0; i < l.steps; i++) {
                p[i] |= s.present[i];
            }
        }
        List<StepSeries> out = new ArrayList<>(l.series);
        for (StepSeries s : r.series) {
            boolean[] p = lhsPresence.get(signature(s.labels, m));
            if (p != null) {
                for (int i = 0; i < l.steps; i++) {
                    if (p[i]) {
                        s.present[i] = false;
                    }
                }
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return new StepVector(l.steps, out);
    }

    private StepVector vectorVector(BinaryOp op, StepVector lhs, StepVector rhs, VectorMatching m, boolean returnBool) {
        if (m.card() == VectorMatching.Cardinality.MANY_TO_MANY) {
            throw new PromqlException(ErrorType.EXECUTION, "many-to-many only allowed for set operators");
        }
        return new VectorMatch(op, lhs, rhs, m, returnBool).run();
    }

    /**
     * One vector-to-vector operation. As in Prometheus, one-to-many is evaluated as many-to-one with the
     * sides swapped (values are swapped back for the operator); fill values are not swapped.
     */
    private final class VectorMatch {
        private record Pair(Labels many, Labels one) {
        }

        private final BinaryOp op;
        private final VectorMatching m;
        private final boolean returnBool;
        private final boolean swap;
        private final StepVector many;
        private final StepVector one;
        private final int steps;
        private final Map<Pair, Labels> resultLabels = new HashMap<>();
        private final Map<Labels, Set<Labels>> matchedPerSig = new HashMap<>();
        private final Map<Labels, StepSeries> outByLabels = new HashMap<>();
        private final List<StepSeries> out = new ArrayList<>();

        VectorMatch(BinaryOp op, StepVector lhs, StepVector rhs, VectorMatching m, boolean returnBool) {
            this.op = op;
            this.m = m;
            this.returnBool = returnBool;
            this.swap = m.card() == VectorMatching.Cardinality.ONE_TO_MANY;
            this.many = swap ? rhs : lhs;
            this.one = swap ? lhs : rhs;
            this.steps = lhs.steps;
        }

        StepVector run() {
            Labels[] oneSigs = new Labels[one.series.size()];
            Map<Labels, List<Integer>> oneBySig = new HashMap<>();
            for (int k = 0; k < oneSigs.length; k++) {
                oneSigs[k] = signature(one.series.get(k).labels, m);
                oneBySig.computeIfAbsent(oneSigs[k], x -> new ArrayList<>()).add(k);
            }
            Labels[] manySigs = new Labels[many.series.size()];
            for (int k = 0; k < manySigs.length; k++) {
                manySigs[k] = signature(many.series.get(k).labels, m);
            }
            for (int i = 0; i < steps; i++) {
                ctx.checkCancelled();
                matchedPerSig.clear();
                for (int mi = 0; mi < many.series.size(); mi++) {
                    StepSeries ms = many.series.get(mi);
                    if (!ms.present[i]) {
                        continue;
                    }
                    List<Integer> candidates = oneBySig.get(manySigs[mi]);
                    int match = -1;
                    if (candidates != null) {
                        for (int k : candidates) {
                            if (!one.series.get(k).present[i]) {
                                continue;
                            }
                            if (match >= 0) {
                                throw duplicateOnOneSide(one.series.get(match).labels, one.series.get(k).labels, manySigs[mi], m, swap);
                            }
                            match = k;
                        }
                    }
                    if (match >= 0) {
                        StepSeries os = one.series.get(match);
                        emit(i, manySigs[mi], ms.labels, ms.values[i], ms.dropName, os.labels, os.values[i]);
                    } else if (m.hasFillRhs()) {
                        emit(i, manySigs[mi], ms.labels, ms.values[i], ms.dropName, matchLabels(ms.labels, m), m.fillRhs());
                    }
                }
                if (m.hasFillLhs()) {
                    for (int k = 0; k < oneSigs.length; k++) {
                        StepSeries os = one.series.get(k);
                        Set<Labels> matched = matchedPerSig.get(oneSigs[k]);
                        boolean isMatched = matched != null && (m.card() == VectorMatching.Cardinality.ONE_TO_ONE || !matched.isEmpty());
                        if (os.present[i] && !isMatched) {
                            emit(i, oneSigs[k], matchLabels(os.labels, m), m.fillLhs(), false, os.labels, os.values[i]);
                        }
                    }
                }
            }
            return new StepVector(steps, out);
        }

        private void emit(int step, Labels sig, Labels manyLabels, double manyValue, boolean manyDropName, Labels oneLabels, double oneValue) {
            double l = swap ? oneValue : manyValue;
            double r = swap ? manyValue : oneValue;
            boolean comparison = op.isComparison();
            Labels result = resultLabels.computeIfAbsent(new Pair(manyLabels, oneLabels),
                    p -> resultMetric(p.many(), p.one(), m, !comparison));
            recordMatch(matchedPerSig, sig, result, m.card());
            double value;
            if (comparison) {
                boolean keep = compare(op, l, r);
                if (!returnBool && !keep) {
                    return;
                }
                value = returnBool ? (keep ? 1 : 0) : l;
            } else {
                value = scalarOp(op, l, r);
            }
            StepSeries target = outByLabels.get(result);
            if (target == null) {
                target = new StepSeries(result, steps, returnBool || (comparison && manyDropName));
                outByLabels.put(result, target);
                out.add(target);
            }
            if (target.present[step]) {
                throw new PromqlException(ErrorType.EXECUTION, Merging.DUPLICATE_LABELSET);
            }
            target.set(step, value);
        }
    }

    /** Prometheus's {@code MatchLabels}: the {@code on} labels, or all but the ignored ones and the name. */
    private static Labels matchLabels(Labels l, VectorMatching m) {
        return m.on() ? signature(l, m) : dropMatching(l, m);
    }

    private static void recordMatch(Map<Labels, Set<Labels>> matched, Labels sig, Labels result, VectorMatching.Cardinality card) {
        Set<Labels> set = matched.get(sig);
        if (card == VectorMatching.Cardinality.ONE_TO_ONE) {
            if (set != null) {
                throw new PromqlException(ErrorType.EXECUTION,
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            matched.put(sig, new HashSet<>());
            return;
        }
        if (set == null) {
            set = new HashSet<>();
            matched.put(sig, set);
        }
        if (!set.add(result)) {
            throw new PromqlException(ErrorType.EXECUTION, "multiple matches for labels: grouping labels must ensure unique matches");
        }
    }

    private static PromqlException duplicateOnOneSide(Labels a, Labels b, Labels sig, VectorMatching m, boolean swap) {
        String d1 = a.toString();
        String d2 = b.toString();
        if (d1.compareTo(d2) > 0) {
            String t = d1;
            d1 = d2;
            d2 = t;
        }
        Labels matchLabels = m.on() ? sig : dropMatching(a, m);
        return new PromqlException(ErrorType.EXECUTION, "found duplicate series for the match group " + matchLabels
                + " on the " + (swap ? "left" : "right") + " hand-side of the operation: [" + d1 + ", " + d2 + "]"
                + ";many-to-many matching not allowed: matching labels must be unique on one side");
    }

    /** Prometheus's MatchLabels for {@code ignoring}: every label except the ignored ones and the name. */
    private static Labels dropMatching(Labels l, VectorMatching m) {
        Labels.Builder b = l.toBuilder();
        b.remove(Labels.METRIC_NAME);
        for (String n : m.matchingLabels()) {
            b.remove(n);
        }
        return b.build();
    }

    /** Labels of a result element: the "many" side's labels, narrowed for one-to-one, plus group_x labels. */
    private static Labels resultMetric(Labels many, Labels one, VectorMatching m, boolean dropMetadata) {
        Labels.Builder b = many.toBuilder();
        if (dropMetadata) {
            b.remove(Labels.METRIC_NAME).remove("__type__").remove("__unit__");
        }
        if (m.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                Set<String> keep = new HashSet<>(m.matchingLabels());
                for (int i = 0; i < many.size(); i++) {
                    if (!keep.contains(many.name(i))) {
                        b.remove(many.name(i));
                    }
                }
            } else {
                for (String n : m.matchingLabels()) {
                    b.remove(n);
                }
            }
        }
        for (String n : m.include()) {
            b.set(n, one.get(n));
        }
        return b.build();
    }
}
