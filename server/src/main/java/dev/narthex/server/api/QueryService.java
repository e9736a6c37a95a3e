package dev.narthex.server.api;

import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.storage.Matcher;
import java.util.List;

/**
 * The PromQL side of the HTTP API: parsing and evaluation. Implementations must be thread-safe (several
 * queries run at once, bounded by {@code --query.max-concurrency}). Every method reports failures as
 * {@link dev.narthex.promql.engine.PromqlException} with Prometheus's message: type {@code BAD_DATA} for a
 * query that does not parse, {@code EXECUTION}/{@code TIMEOUT}/{@code CANCELED}/{@code INTERNAL} for
 * evaluation failures.
 */
public interface QueryService {
    /** Evaluates {@code expr} at {@code timeMs}. */
    QueryResult instantQuery(String expr, long timeMs, QueryOptions options);

    /** Evaluates {@code expr} at every step of {@code [startMs, endMs]}; the result value is a matrix. */
    QueryResult rangeQuery(String expr, long startMs, long endMs, long stepMs, QueryOptions options);

    /** Prometheus's pretty-printed form of the expression ({@code /api/v1/format_query}). */
    String formatQuery(String expr);

    /** Parses one series selector of a {@code match[]} parameter. */
    List<Matcher> parseMetricSelector(String selector);
}
