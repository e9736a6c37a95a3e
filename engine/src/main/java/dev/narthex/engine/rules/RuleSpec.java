package dev.narthex.engine.rules;

import dev.narthex.storage.Labels;

/**
 * One rule as written in a rule file: exactly one of {@code record} and {@code alert} is non-null.
 * Durations in milliseconds; labels and annotations sorted by name.
 */
public record RuleSpec(String record, String alert, String expr, long forMs, long keepFiringForMs, Labels labels,
        Labels annotations) {
    public boolean isAlerting() {
        return alert != null;
    }

    public String name() {
        return alert != null ? alert : record;
    }
}
