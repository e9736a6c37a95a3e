package dev.narthex.engine.rules;

import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.util.List;

/**
 * A recording or alerting rule. Evaluation state (health, last error, timings) is updated by its
 * group, which evaluates its rules one at a time; readers may call the getters from other threads.
 */
public sealed interface Rule permits RecordingRule, AlertingRule {
    String name();

    /** The expression as Prometheus prints it. */
    String query();

    Labels labels();

    RuleHealth health();

    /** The last evaluation's error text, or null. */
    String lastError();

    /** Wall time of the last evaluation start (Unix ms, 0 before the first). */
    long lastEvaluationMs();

    /** Seconds the last evaluation took. */
    double evaluationSeconds();

    /**
     * Evaluates at {@code tsMs} with the query shifted by {@code queryOffsetMs}; returns the samples
     * to append.
     *
     * @throws RuleEvaluationException with Prometheus's text
     */
    List<Sample> eval(long tsMs, long queryOffsetMs, RuleQuery query, int limit) throws RuleEvaluationException;

    void recordEvaluation(long startMs, double seconds, RuleHealth health, String error);

    /** Name and labels, the key Prometheus uses to carry state across reloads. */
    default String identity() {
        return name() + labels();
    }
}
