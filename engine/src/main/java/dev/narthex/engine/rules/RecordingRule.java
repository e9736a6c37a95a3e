package dev.narthex.engine.rules;

import dev.narthex.promql.ast.Printer;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A recording rule: stores its expression's result under a new metric name. */
public final class RecordingRule implements Rule {
    private final String name;
    private final String query;
    private final Map<String, String> labelOverrides;
    private final Labels labels;
    private final RuleStatus status = new RuleStatus();

    /** {@code labels} are set on every output series; an empty value removes that label. */
    public RecordingRule(String name, String expr, Map<String, String> labels) {
        this.name = name;
        this.query = Printer.print(PromqlParser.parseExpr(expr));
        this.labelOverrides = Map.copyOf(labels);
        this.labels = Labels.of(labels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public List<Sample> eval(long tsMs, long queryOffsetMs, RuleQuery q, int limit) throws RuleEvaluationException {
        List<Sample> in;
        try {
            in = q.query(query, tsMs - queryOffsetMs);
        } catch (RuntimeException e) {
            throw new RuleEvaluationException(e.getMessage());
        }
        List<Sample> out = new ArrayList<>(in.size());
        Set<Labels> seen = new HashSet<>();
        for (Sample s : in) {
            Labels.Builder b = s.labels().toBuilder().set(Labels.METRIC_NAME, name);
            for (Map.Entry<String, String> e : labelOverrides.entrySet()) {
                if (e.getValue().isEmpty()) {
                    b.remove(e.getKey());
                } else {
                    b.set(e.getKey(), e.getValue());
                }
            }
            Labels l = b.build();
            if (!seen.add(l)) {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(new Sample(l, s.timestamp(), s.value()));
        }
        if (limit > 0 && out.size() > limit) {
            throw new RuleEvaluationException("exceeded limit " + limit + " with " + out.size() + " series");
        }
        return out;
    }

    @Override
    public void recordEvaluation(long startMs, double seconds, RuleHealth health, String error) {
        status.record(startMs, seconds, health, error);
    }

    @Override
    public RuleHealth health() {
        return status.health();
    }

    @Override
    public String lastError() {
        return status.lastError();
    }

    @Override
    public long lastEvaluationMs() {
        return status.lastEvaluationMs();
    }

    @Override
    public double evaluationSeconds() {
        return status.evaluationSeconds();
    }
}
