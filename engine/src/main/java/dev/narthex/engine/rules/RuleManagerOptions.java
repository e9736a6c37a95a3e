package dev.narthex.engine.rules;

import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Queryable;
import java.util.function.LongSupplier;

/**
 * What the rule manager needs: storage to query and to append to, the engine, a clock (Unix ms; a
 * test passes its own to step time), where alerts go, and Prometheus's timing flags.
 */
public record RuleManagerOptions(Queryable queryable, Appendable appendable, PromqlEngine engine, LongSupplier clock,
        NotifyFunction notifier, long resendDelayMs, long forGracePeriodMs, long outageToleranceMs) {

    /** Prometheus's defaults: resend 1m, for-grace-period 10m, outage tolerance 1h; alerts go nowhere. */
    public static RuleManagerOptions defaults(Queryable queryable, Appendable appendable, PromqlEngine engine, LongSupplier clock) {
        return new RuleManagerOptions(queryable, appendable, engine, clock, (expr, alerts) -> { }, 60_000L, 600_000L, 3_600_000L);
    }

    public RuleManagerOptions withNotify(NotifyFunction n) {
        return new RuleManagerOptions(queryable, appendable, engine, clock, n, resendDelayMs, forGracePeriodMs, outageToleranceMs);
    }
}
