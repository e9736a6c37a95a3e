package dev.narthex.promql.ast;

/** Which {@code @} modifier a selector or subquery carries. */
public enum AtModifier {
    /** No {@code @} modifier: evaluate at the step's own time. */
    NONE,
    /** {@code @ <timestamp>}: the timestamp in milliseconds is held next to this value. */
    TIMESTAMP,
    /** {@code @ start()}: the query's start time. */
    START,
    /** {@code @ end()}: the query's end time. */
    END
}
