package dev.narthex.engine.template;

import dev.narthex.promql.value.Sample;
import java.util.List;

/** Runs a PromQL instant query for the {@code query} template function. */
@FunctionalInterface
public interface QueryFunction {
    /** @throws RuntimeException with the engine's error text when the query fails or is not a vector */
    List<Sample> query(String expr, long timeMs);
}
