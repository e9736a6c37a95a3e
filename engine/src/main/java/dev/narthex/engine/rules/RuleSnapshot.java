package dev.narthex.engine.rules;

import java.util.List;
import java.util.Map;

/**
 * The rules API's view: groups with their rules and alerts, every field Prometheus's
 * {@code /api/v1/rules} shows. Times are Unix ms (0 = never), durations seconds.
 */
public final class RuleSnapshot {
    private RuleSnapshot() {
    }

    public record Group(String name, String file, double intervalSeconds, int limit, double queryOffsetSeconds,
            List<RuleView> rules, long lastEvaluationMs, double evaluationSeconds) {
    }

    /**
     * One rule; {@code type} is "recording" or "alerting". Alerting-only fields (duration,
     * keepFiringFor, annotations, alerts, state) are zero/empty/null for recording rules.
     */
    public record RuleView(String type, String name, String query, Map<String, String> labels, String health,
            String lastError, long lastEvaluationMs, double evaluationSeconds, double durationSeconds,
            double keepFiringForSeconds, Map<String, String> annotations, String state, List<AlertView> alerts) {
    }

    /** An alert: state "pending" / "firing" / "inactive"; activeAt and keepFiringSince in Unix ms (0 = unset). */
    public record AlertView(Map<String, String> labels, Map<String, String> annotations, String state, long activeAtMs,
            long keepFiringSinceMs, double value) {
    }
}
