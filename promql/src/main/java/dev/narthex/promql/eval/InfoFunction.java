package dev.narthex.promql.eval;

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
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code info(v, {data matchers})}: enriches each series with the data labels of the info series
 * ({@code target_info} by default) that share its identifying labels {@code instance} and {@code job}.
 * The info series are read with the base selector's {@code @} and offset and the normal lookback; when
 * several match at a step, the one with the newest sample wins.
 */
final class InfoFunction {
    private static final String TARGET_INFO = "target_info";
    private static final List<String> IDENTIFYING = List.of("instance", "job");

    private final Evaluator evaluator;

    InfoFunction(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    StepVector apply(Call c, long[] times) {
        Expr baseExpr = c.args().get(0);
        StepVector base = (StepVector) evaluator.eval(baseExpr, times);
        Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
        List<Matcher> nameMatchers = new ArrayList<>();
        if (c.args().size() > 1) {
            VectorSelector labelSelector = (VectorSelector) unwrap(c.args().get(1));
            for (Matcher m : labelSelector.matchers()) {
                dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                }
            }
        } else {
            nameMatchers.add(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        List<Matcher> effectiveNames = effectiveNameMatchers(nameMatchers);
        Set<Integer> ignored = new HashSet<>();
        Map<String, Set<String>> idValues = new LinkedHashMap<>();
        for (int s = 0; s < base.series.size(); s++) {
            Labels l = base.series.get(s).labels;
            if (matchesAll(effectiveNames, l.metricName())) {
                ignored.add(s);
                continue;
            }
            for (String id : IDENTIFYING) {
                String v = l.get(id);
                if (!v.isEmpty()) {
                    idValues.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        StepVector info = StepVector.empty(times.length);
        List<Matcher> infoNameMatchers = new ArrayList<>();
        List<Matcher> selectMatchers = new ArrayList<>();
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    infoNameMatchers.add(m);
                } else {
                    selectMatchers.add(m);
                }
            }
        }
        dataMatchers.remove(Labels.METRIC_NAME);
        if (!idValues.isEmpty()) {
            for (Map.Entry<String, Set<String>> e : idValues.entrySet()) {
                StringBuilder re = new StringBuilder();
                for (String v : e.getValue()) {
                    if (re.length() > 0) {
                        re.append('|');
                    }
                    re.append(com.google.re2j.Pattern.quote(v));
                }
                selectMatchers.add(Matcher.regex(e.getKey(), re.toString()));
            }
            selectMatchers.addAll(effectiveNameMatchers(infoNameMatchers));
            Anchor found = anchor(baseExpr, 0);
            Anchor anchor = found == null ? Anchor.NONE : found;
            VectorSelector infoSelector = new VectorSelector(null, selectMatchers, anchor.offsetMs(), null, anchor.at(), anchor.atMs(),
                    false, false, true, c.positionRange());
            info = evaluator.vectorSelector(infoSelector, times, true);
        }
        return combine(base, info, ignored, dataMatchers, times.length);
    }

    /** The {@code @} and offset that the base expression's first selector reads with. */
    private record Anchor(long offsetMs, AtModifier at, long atMs) {
        static final Anchor NONE = new Anchor(0, AtModifier.NONE, 0);
    }

    /** Pre-order search for the first vector selector; enclosing subqueries add their offset and lend their {@code @}. */
    private Anchor anchor(Expr e, long subqueryOffset) {
        Expr u = unwrap(e);
        if (u instanceof VectorSelector vs) {
            long offset = evaluator.offsetMs(vs.offsetMs(), vs.offsetExpr());
            return vs.at() == AtModifier.NONE ? new Anchor(offset + subqueryOffset, AtModifier.NONE, 0) : new Anchor(offset, vs.at(), vs.atMs());
        }
        if (u instanceof SubqueryExpr sq) {
            Anchor inner = anchor(sq.expr(), subqueryOffset + evaluator.offsetMs(sq.offsetMs(), sq.offsetExpr()));
            if (inner != null && inner.at() == AtModifier.NONE && sq.at() != AtModifier.NONE) {
                return new Anchor(inner.offsetMs(), sq.at(), sq.atMs());
            }
            return inner;
        }
        List<Expr> children = new ArrayList<>();
        if (u instanceof MatrixSelector ms) {
            children.add(ms.selector());
        } else if (u instanceof Call call) {
            children.addAll(call.args());
        } else if (u instanceof AggregateExpr a) {
            if (a.param() != null) {
                children.add(a.param());
            }
            children.add(a.expr());
        } else if (u instanceof BinaryExpr b) {
            children.add(b.lhs());
            children.add(b.rhs());
        } else if (u instanceof UnaryExpr un) {
            children.add(un.expr());
        }
        for (Expr child : children) {
            Anchor found = anchor(child, subqueryOffset);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private StepVector combine(StepVector base, StepVector info, Set<Integer> ignored, Map<String, List<Matcher>> dataMatchers, int steps) {
        Set<String> infoNames = new LinkedHashSet<>();
        String[] infoSigs = new String[info.series.size()];
        for (int k = 0; k < infoSigs.length; k++) {
            Labels l = info.series.get(k).labels;
            infoNames.add(l.metricName());
            infoSigs[k] = signature(l.metricName(), l);
        }
        boolean allMatchEmpty = true;
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                allMatchEmpty &= m.matchesEmpty();
            }
        }
        String[] names = infoNames.toArray(new String[0]);
        String[][] baseSigs = new String[base.series.size()][];
        for (int s = 0; s < baseSigs.length; s++) {
            baseSigs[s] = new String[names.length];
            for (int n = 0; n < names.length; n++) {
                baseSigs[s][n] = signature(names[n], base.series.get(s).labels);
            }
        }
        Map<Labels, StepSeries> outByLabels = new LinkedHashMap<>();
        Map<String, Integer> bySig = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            bySig.clear();
            for (int k = 0; k < infoSigs.length; k++) {
                StepSeries is = info.series.get(k);
                if (!is.present[i]) {
                    continue;
                }
                Integer existing = bySig.get(infoSigs[k]);
                if (existing != null) {
                    long existingT = Math.round(info.series.get(existing).values[i] * 1000);
                    long t = Math.round(is.values[i] * 1000);
                    if (existingT == t) {
                        throw new PromqlException(ErrorType.EXECUTION, "found duplicate series for info metric: existing "
                                + info.series.get(existing).labels + " @ " + existingT + ", new " + is.labels + " @ " + t);
                    }
                    if (existingT > t) {
                        continue;
                    }
                }
                bySig.put(infoSigs[k], k);
            }
            for (int s = 0; s < base.series.size(); s++) {
                StepSeries bs = base.series.get(s);
                if (!bs.present[i]) {
                    continue;
                }
                Labels result = bs.labels;
                if (!ignored.contains(s)) {
                    Labels.Builder added = Labels.builder();
                    int seen = 0;
                    for (String sig : baseSigs[s]) {
                        Integer k = bySig.get(sig);
                        if (k == null) {
                            continue;
                        }
                        Labels il = info.series.get(k).labels;
                        for (int j = 0; j < il.size(); j++) {
                            String name = il.name(j);
                            if (name.equals(Labels.METRIC_NAME) || (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name))) {
                                continue;
                            }
                            String current = added.get(name);
                            if (!current.isEmpty() && !current.equals(il.value(j))) {
                                throw new PromqlException(ErrorType.EXECUTION, "conflicting label: " + name);
                            }
                            if (bs.labels.has(name)) {
                                continue;
                            }
                            added.set(name, il.value(j));
                        }
                        seen++;
                    }
                    if (seen == 0 && !allMatchEmpty) {
                        continue;
                    }
                    Labels extra = added.build();
                    Labels.Builder b = bs.labels.toBuilder();
                    for (int j = 0; j < extra.size(); j++) {
                        b.set(extra.name(j), extra.value(j));
                    }
                    result = b.build();
                }
                StepSeries o = outByLabels.get(result);
                if (o == null) {
                    o = new StepSeries(result, steps, bs.dropName);
                    outByLabels.put(result, o);
                }
                if (o.present[i]) {
                    throw new PromqlException(ErrorType.EXECUTION, Merging.DUPLICATE_LABELSET);
                }
                o.set(i, bs.values[i]);
            }
        }
        return new StepVector(steps, new ArrayList<>(outByLabels.values()));
    }

    private static String signature(String infoName, Labels l) {
        StringBuilder sb = new StringBuilder(infoName);
        for (String id : IDENTIFYING) {
            sb.append('\u0000').append(l.get(id));
        }
        return sb.toString();
    }

    private static List<Matcher> effectiveNameMatchers(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.REGEX) {
                return matchers;
            }
        }
        if (!matchers.isEmpty()) {
            List<Matcher> out = new ArrayList<>();
            out.add(Matcher.regex(Labels.METRIC_NAME, ".+_info"));
            out.addAll(matchers);
            return out;
        }
        return List.of(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
    }

    private static boolean matchesAll(List<Matcher> matchers, String name) {
        for (Matcher m : matchers) {
            if (!m.matches(name)) {
                return false;
            }
        }
        return true;
    }

    private static Expr unwrap(Expr e) {
        while (e instanceof ParenExpr || e instanceof StepInvariantExpr) {
            e = e instanceof ParenExpr p ? p.expr() : ((StepInvariantExpr) e).expr();
        }
        return e;
    }
}
