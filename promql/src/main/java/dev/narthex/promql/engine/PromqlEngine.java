package dev.narthex.promql.engine;

import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.eval.EvalContext;
import dev.narthex.promql.eval.Evaluator;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.promql.value.Value;
import dev.narthex.storage.Queryable;
import java.time.Duration;

/**
 * Parses and evaluates PromQL with Prometheus 3 semantics. Thread-safe: each query gets its own
 * evaluation state; queries run on the calling thread, which an interrupt cancels.
 */
public final class PromqlEngine {
    private static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(5);

    private final EngineOptions options;

    public PromqlEngine(EngineOptions options) {
        this.options = options;
    }

    public EngineOptions options() {
        return options;
    }

    /** Evaluates {@code expr} at {@code timeMs}. */
    public QueryResult instantQuery(Queryable storage, String expr, long timeMs, QueryOptions opts) {
        Expr ast = parse(expr);
        try (EvalContext ctx = context(storage, timeMs, timeMs, 0, opts)) {
            Evaluator ev = new Evaluator(ctx);
            Value v = run(() -> ev.evaluateInstant(ast));
            return new QueryResult(v, ctx.warnings(), ctx.infos(), ctx.peakSamples(), ctx.totalSamples());
        }
    }

    /** Evaluates {@code expr} at {@code startMs, startMs + stepMs, ...} up to {@code endMs}. */
    public QueryResult rangeQuery(Queryable storage, String expr, long startMs, long endMs, long stepMs, QueryOptions opts) {
        if (stepMs <= 0) {
            throw new PromqlException(ErrorType.BAD_DATA, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (endMs < startMs) {
            throw new PromqlException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        Expr ast = parse(expr);
        try (EvalContext ctx = context(storage, startMs, endMs, stepMs, opts)) {
            Evaluator ev = new Evaluator(ctx);
            Value v = run(() -> ev.evaluateRange(ast));
            return new QueryResult(v, ctx.warnings(), ctx.infos(), ctx.peakSamples(), ctx.totalSamples());
        }
    }

    private static Expr parse(String expr) {
        try {
            return PromqlParser.parseExpr(expr);
        } catch (PromqlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PromqlException(ErrorType.BAD_DATA, e.getMessage(), e);
        }
    }

    private EvalContext context(Queryable storage, long start, long end, long step, QueryOptions opts) {
        // as Prometheus: a zero (unset) lookback falls back to the engine's, and that to 5m
        Duration lookback = positive(opts.lookbackDelta()) ? opts.lookbackDelta()
                : positive(options.lookbackDelta()) ? options.lookbackDelta() : DEFAULT_LOOKBACK;
        Duration timeout = opts.timeout() != null ? opts.timeout() : options.timeout();
        return new EvalContext(storage, start, end, step, lookback.toMillis(), options.defaultEvaluationInterval().toMillis(),
                options.maxSamples(), System.nanoTime() + timeout.toNanos(), options.useStartTimestamps());
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isZero() && !d.isNegative();
    }

    private interface Evaluation {
        Value run();
    }

    /** Keeps Prometheus's error contract: every failure is a {@link PromqlException}. */
    private static Value run(Evaluation e) {
        try {
            return e.run();
        } catch (PromqlException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new PromqlException(ErrorType.INTERNAL, "unexpected error: " + ex, ex);
        }
    }
}
