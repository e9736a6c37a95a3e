package dev.narthex.engine.rules;

/** A rule evaluation that failed; the message is what the API shows as lastError. */
public final class RuleEvaluationException extends Exception {
    public RuleEvaluationException(String message) {
        super(message, null, false, false);
    }
}
