package dev.narthex.engine.rules;

import dev.narthex.storage.Labels;

/**
 * An alert of an alerting rule, immutable: each evaluation produces new instances. Times are Unix
 * milliseconds, 0 meaning unset (Go's zero time), except {@code lastSentAtMs}, which is
 * {@link #NEVER} until the first send (0 is a real time in rule unit tests). {@code validUntil} is
 * when Alertmanager should resolve it if no update arrives.
 */
public record Alert(Labels labels, Labels annotations, AlertState state, double value, long activeAtMs,
        long firedAtMs, long resolvedAtMs, long lastSentAtMs, long validUntilMs, long keepFiringSinceMs) {
    public static final long NEVER = Long.MIN_VALUE;

    Alert withState(AlertState s) {
        return new Alert(labels, annotations, s, value, activeAtMs, firedAtMs, resolvedAtMs, lastSentAtMs, validUntilMs, keepFiringSinceMs);
    }

    Alert withValueAndAnnotations(double v, Labels a) {
        return new Alert(labels, a, state, v, activeAtMs, firedAtMs, resolvedAtMs, lastSentAtMs, validUntilMs, keepFiringSinceMs);
    }

    Alert withTimes(AlertState s, long activeAt, long firedAt, long resolvedAt, long lastSentAt, long validUntil, long keepFiringSince) {
        return new Alert(labels, annotations, s, value, activeAt, firedAt, resolvedAt, lastSentAt, validUntil, keepFiringSince);
    }

    /** Prometheus's {@code needsSending}: firing alerts every resend delay, resolved ones once. */
    boolean needsSending(long ts, long resendDelayMs) {
        if (state == AlertState.PENDING) {
            return false;
        }
        if (resolvedAtMs > lastSentAtMs || lastSentAtMs == NEVER) {
            return true;
        }
        return lastSentAtMs + resendDelayMs < ts;
    }
}
