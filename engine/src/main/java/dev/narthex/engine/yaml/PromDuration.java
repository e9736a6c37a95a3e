package dev.narthex.engine.yaml;

/**
 * Prometheus's {@code model.Duration} text in milliseconds, for the Alertmanager configuration reader
 * in {@code engine.notify}; it forwards to the one shared implementation,
 * {@link dev.narthex.storage.text.PromDuration}, which new code should use directly.
 */
public final class PromDuration {
    private PromDuration() {
    }

    /** @throws IllegalArgumentException with Prometheus's text */
    public static long parse(String s) {
        return dev.narthex.storage.text.PromDuration.parseMillis(s);
    }

    /** {@code model.Duration.String()}. */
    public static String format(long ms) {
        return dev.narthex.storage.text.PromDuration.format(ms);
    }
}
