package dev.narthex.engine.rules;

import dev.narthex.storage.Labels;
import java.util.List;

/**
 * A group as written in a rule file. {@code intervalMs} is 0 when unset (the global evaluation
 * interval applies); {@code queryOffsetMs} is null when unset (the global rule query offset applies).
 */
public record RuleGroupSpec(String file, String name, long intervalMs, Long queryOffsetMs, int limit, Labels labels,
        List<RuleSpec> rules) {
    public RuleGroupSpec {
        rules = List.copyOf(rules);
    }
}
