package dev.narthex.engine.rules;

import dev.narthex.promql.value.Sample;
import java.util.List;

/** Evaluates a rule's expression at a time; scalars come back as one sample with no labels. */
@FunctionalInterface
public interface RuleQuery {
    /** @throws RuntimeException carrying the engine's error text */
    List<Sample> query(String expr, long timeMs);
}
