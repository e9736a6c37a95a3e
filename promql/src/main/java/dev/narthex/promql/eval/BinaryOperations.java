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
     * sides swapped (values are swapped back for the operator); fill values are not swapped. Match
     * signatures and result label sets get ordinals once; per step only arrays stamped with the step
     * number are touched, so the step loop allocates nothing once every result series exists.
     */
    private final class VectorMatch {
        private record Pair(Labels many, Labels one) {
        }

        private final BinaryOp op;
        private final VectorMatching m;
        private final boolean returnBool;
        private final boolean comparison;
        private final boolean oneToOne;
        private final boolean swap;
        private final StepVector many;
        private final StepVector one;
        private final int steps;
        private final int[] manySig;
        private final int[] oneSig;
        private final int[][] oneBySig;
        private final int[] sigMatchedAt;
        private final Map<Pair, Integer> resultOrdinals = new HashMap<>();
        private final Map<Labels, Integer> resultByLabels = new HashMap<>();
        private final List<StepSeries> results = new ArrayList<>();
        private final List<StepSeries> out = new ArrayList<>();
        private int[] resultMatchedAt = new int[16];
        private final int[] cachedOne;
        private final int[] cachedOrdinal;
        private final int[] manyFillOrdinal;
        private final int[] oneFillOrdinal;

        VectorMatch(BinaryOp op, StepVector lhs, StepVector rhs, VectorMatching m, boolean returnBool) {
            this.op = op;
            this.m = m;
            this.returnBool = returnBool;
            this.comparison = op.isComparison();
            this.oneToOne = m.card() == VectorMatching.Cardinality.ONE_TO_ONE;
            this.swap = m.card() == VectorMatching.Cardinality.ONE_TO_MANY;
            this.many = swap ? rhs : lhs;
            this.one = swap ? lhs : rhs;
            this.steps = lhs.steps;
            Map<Labels, Integer> sigOrdinals = new HashMap<>();
            manySig = ordinals(many, sigOrdinals);
            oneSig = ordinals(one, sigOrdinals);
            int[] sizes = new int[sigOrdinals.size()];
            for (int sig : oneSig) {
                sizes[sig]++;
            }
            oneBySig = new int[sizes.length][];
            for (int g = 0; g < sizes.length; g++) {
                oneBySig[g] = new int[sizes[g]];
                sizes[g] = 0;
            }
            for (int k = 0; k < oneSig.length; k++) {
                oneBySig[oneSig[k]][sizes[oneSig[k]]++] = k;
            }
            sigMatchedAt = new int[sigOrdinals.size()];
            cachedOne = new int[manySig.length];
            java.util.Arrays.fill(cachedOne, -1);
            cachedOrdinal = new int[manySig.length];
            manyFillOrdinal = new int[manySig.length];
            java.util.Arrays.fill(manyFillOrdinal, -1);
            oneFillOrdinal = new int[oneSig.length];
            java.util.Arrays.fill(oneFillOrdinal, -1);
        }

        private int[] ordinals(StepVector v, Map<Labels, Integer> sigOrdinals) {
            int[] ords = new int[v.series.size()];
            for (int k = 0; k < ords.length; k++) {
                Labels sig = signature(v.series.get(k).labels, m);
                Integer o = sigOrdinals.get(sig);
                if (o == null) {
                    o = sigOrdinals.size();
                    sigOrdinals.put(sig, o);
                }
                ords[k] = o;
            }
            return ords;
        }

        StepVector run() {
            for (int i = 0; i < steps; i++) {
                ctx.checkCancelled();
                int stamp = i + 1;
                for (int mi = 0; mi < manySig.length; mi++) {
                    StepSeries ms = many.series.get(mi);
                    if (!ms.present[i]) {
                        continue;
                    }
                    int match = -1;
                    for (int k : oneBySig[manySig[mi]]) {
                        if (!one.series.get(k).present[i]) {
                            continue;
                        }
                        if (match >= 0) {
                            throw duplicateOnOneSide(one.series.get(match).labels, one.series.get(k).labels,
                                    signature(ms.labels, m), m, swap);
                        }
                        match = k;
                    }
                    if (match >= 0) {
                        StepSeries os = one.series.get(match);
                        if (cachedOne[mi] != match) {
                            cachedOne[mi] = match;
                            cachedOrdinal[mi] = resultOrdinal(ms.labels, os.labels, ms.dropName);
                        }
                        emit(i, stamp, manySig[mi], cachedOrdinal[mi], ms.values[i], os.values[i]);
                    } else if (m.hasFillRhs()) {
                        if (manyFillOrdinal[mi] < 0) {
                            manyFillOrdinal[mi] = resultOrdinal(ms.labels, matchLabels(ms.labels, m), ms.dropName);
                        }
                        emit(i, stamp, manySig[mi], manyFillOrdinal[mi], ms.values[i], m.fillRhs());
                    }
                }
                if (m.hasFillLhs()) {
                    for (int k = 0; k < oneSig.length; k++) {
                        StepSeries os = one.series.get(k);
                        if (os.present[i] && sigMatchedAt[oneSig[k]] != stamp) {
                            if (oneFillOrdinal[k] < 0) {
                                oneFillOrdinal[k] = resultOrdinal(matchLabels(os.labels, m), os.labels, false);
                            }
                            emit(i, stamp, oneSig[k], oneFillOrdinal[k], m.fillLhs(), os.values[i]);
                        }
                    }
                }
            }
            return new StepVector(steps, out);
        }

        /** The ordinal of the result labels for a pair of operand label sets. */
        private int resultOrdinal(Labels manyLabels, Labels oneLabels, boolean manyDropName) {
            Pair key = new Pair(manyLabels, oneLabels);
            Integer o = resultOrdinals.get(key);
            if (o != null) {
                return o;
            }
            Labels result = resultMetric(manyLabels, oneLabels, m, !comparison);
            Integer existing = resultByLabels.get(result);
            int ord;
            if (existing != null) {
                ord = existing;
            } else {
                ord = results.size();
                resultByLabels.put(result, ord);
                results.add(new StepSeries(result, steps, returnBool || (comparison && manyDropName)));
                if (ord >= resultMatchedAt.length) {
                    resultMatchedAt = java.util.Arrays.copyOf(resultMatchedAt, ord * 2);
                }
            }
            resultOrdinals.put(key, ord);
            return ord;
        }

        private void emit(int step, int stamp, int sig, int result, double manyValue, double oneValue) {
            if (oneToOne) {
                if (sigMatchedAt[sig] == stamp) {
                    throw new PromqlException(ErrorType.EXECUTION,
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
            } else if (resultMatchedAt[result] == stamp) {
                throw new PromqlException(ErrorType.EXECUTION, "multiple matches for labels: grouping labels must ensure unique matches");
            }
            sigMatchedAt[sig] = stamp;
            resultMatchedAt[result] = stamp;
            double l = swap ? oneValue : manyValue;
            double r = swap ? manyValue : oneValue;
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
            StepSeries target = results.get(result);
            if (target.present[step]) {
                throw new PromqlException(ErrorType.EXECUTION, Merging.DUPLICATE_LABELSET);
            }
            if (target.isEmpty()) {
                out.add(target);
            }
            target.set(step, value);
        }
    }

    /** Prometheus's {@code MatchLabels}: the {@code on} labels, or all but the ignored ones and the name. */
    private static Labels matchLabels(Labels l, VectorMatching m) {
        return m.on() ? signature(l, m) : dropMatching(l, m);
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
