package dev.narthex.promql.scripts;

import dev.narthex.storage.text.PromDuration;

/** Prometheus duration syntax in test scripts ({@code 1h30m}, {@code 10s53ms}, {@code 0}), in milliseconds. */
final class Durations {
    private Durations() {
    }

    /** @throws ScriptSyntaxException with Prometheus's text for text that is not a duration */
    static long parse(String s) {
        try {
            return PromDuration.parseMillis(s);
        } catch (IllegalArgumentException e) {
            throw new ScriptSyntaxException(e.getMessage());
        }
    }
}
