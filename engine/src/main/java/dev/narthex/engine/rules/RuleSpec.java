package dev.narthex.engine.rules;

import dev.narthex.storage.Labels;
import java.util.Map;

/**
 * One rule as written in a rule file: exactly one of {@code record} and {@code alert} is non-null.
 * Durations in milliseconds; labels sorted by name and kept with empty values (an empty value removes
 * the label from the result); annotations sorted by name.
 */
public record RuleSpec(String record, String alert, String expr, long forMs, long keepFiringForMs, Map<String, String> labels,
        Labels annotations) {
    public boolean isAlerting() {
        return alert != null;
    }

    public String name() {
        return alert != null ? alert : record;
    }
}
