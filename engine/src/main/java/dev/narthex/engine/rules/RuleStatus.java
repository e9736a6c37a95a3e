package dev.narthex.engine.rules;

/** Mutable evaluation status shared by both rule kinds; guarded by its own monitor. */
final class RuleStatus {
    private RuleHealth health = RuleHealth.UNKNOWN;
    private String lastError;
    private long lastEvaluationMs;
    private double evaluationSeconds;

    synchronized void record(long startMs, double seconds, RuleHealth h, String error) {
        lastEvaluationMs = startMs;
        evaluationSeconds = seconds;
        health = h;
        lastError = error;
    }

    synchronized RuleHealth health() {
        return health;
    }

    synchronized String lastError() {
        return lastError;
    }

    synchronized long lastEvaluationMs() {
        return lastEvaluationMs;
    }

    synchronized double evaluationSeconds() {
        return evaluationSeconds;
    }
}
