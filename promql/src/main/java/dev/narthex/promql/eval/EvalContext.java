package dev.narthex.promql.eval;

import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Per-query state: the storage, the query's time frame, limits, and the warnings and infos collected
 * so far. Owned by the thread running the query; {@link #close()} releases the queriers it opened.
 */
public final class EvalContext implements AutoCloseable {
    static final String TOO_MANY_SAMPLES = "query processing would load too many samples into memory in query execution";

    final Queryable storage;
    final long startMs;
    final long endMs;
    final long stepMs;
    final long lookbackMs;
    final long defaultIntervalMs;
    final boolean rangeQuery;
    /** Whether rate, irate, increase and resets use the start timestamps read with the samples. */
    final boolean useStartTimestamps;
    private final long maxSamples;
    private final long deadlineNanos;
    private final List<Querier> queriers = new ArrayList<>();
    final Set<String> warnings = new LinkedHashSet<>();
    final Set<String> infos = new LinkedHashSet<>();
    private long currentSamples;
    private long peakSamples;
    private long totalSamples;

    /**
     * @param stepMs step of a range query, 0 for an instant query
     * @param deadlineNanos {@link System#nanoTime()} after which the query times out
     */
    public EvalContext(Queryable storage, long startMs, long endMs, long stepMs, long lookbackMs, long defaultIntervalMs,
                       long maxSamples, long deadlineNanos) {
        this(storage, startMs, endMs, stepMs, lookbackMs, defaultIntervalMs, maxSamples, deadlineNanos, false);
    }

    /** As above; {@code useStartTimestamps} lets range functions use per-sample start timestamps. */
    public EvalContext(Queryable storage, long startMs, long endMs, long stepMs, long lookbackMs, long defaultIntervalMs,
                       long maxSamples, long deadlineNanos, boolean useStartTimestamps) {
        this.useStartTimestamps = useStartTimestamps;
        this.storage = storage;
        this.startMs = startMs;
        this.endMs = endMs;
        this.stepMs = stepMs;
        this.rangeQuery = stepMs > 0;
        this.lookbackMs = lookbackMs;
        this.defaultIntervalMs = defaultIntervalMs;
        this.maxSamples = maxSamples;
        this.deadlineNanos = deadlineNanos;
    }

    Querier querier(long mint, long maxt) {
        Querier q = storage.querier(mint, maxt);
        queriers.add(q);
        return q;
    }

    /** Throws on timeout or interruption; called once per series and per operator, never per sample. */
    void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new PromqlException(ErrorType.CANCELED, "query was canceled in query execution");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(ErrorType.TIMEOUT, "query timed out in query execution");
        }
    }

    /** Accounts samples that are now held in memory, failing past the query's limit. */
    void addSamples(long n) {
        currentSamples += n;
        totalSamples += n;
        peakSamples = Math.max(peakSamples, currentSamples);
        if (currentSamples > maxSamples) {
            throw new PromqlException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
        }
    }

    /** Accounts samples that were released (a window consumed by a function). */
    void releaseSamples(long n) {
        currentSamples -= n;
    }

    public long peakSamples() {
        return peakSamples;
    }

    public long totalSamples() {
        return totalSamples;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public List<String> infos() {
        return List.copyOf(infos);
    }

    @Override
    public void close() {
        for (Querier q : queriers) {
            q.close();
        }
        queriers.clear();
    }
}
