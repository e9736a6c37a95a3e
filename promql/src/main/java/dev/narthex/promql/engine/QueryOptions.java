package dev.narthex.promql.engine;

import java.time.Duration;

/** Per-query overrides; a null field means "use the engine's setting". */
public record QueryOptions(Duration lookbackDelta, Duration timeout) {
    public static final QueryOptions NONE = new QueryOptions(null, null);
}
