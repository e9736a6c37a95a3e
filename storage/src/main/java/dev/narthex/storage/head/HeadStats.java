package dev.narthex.storage.head;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the head, readable at any time from any thread (for /metrics). Counts of rejected
 * samples include those rejected at append and those dropped at commit because a concurrent commit
 * made them out of order.
 */
public final class HeadStats {
    final LongAdder samplesAppended = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder outOfBounds = new LongAdder();
    final LongAdder seriesCreated = new LongAdder();
    final LongAdder seriesRemoved = new LongAdder();
    final LongAdder chunksCreated = new LongAdder();
    final LongAdder chunksRemoved = new LongAdder();

    /** Samples committed into the head since start (replayed ones included). */
    public long samplesAppended() {
        return samplesAppended.sum();
    }

    public long outOfOrderSamples() {
        return outOfOrder.sum();
    }

    /** Samples rejected for a different value at an existing timestamp. */
    public long duplicateSamples() {
        return duplicates.sum();
    }

    public long outOfBoundsSamples() {
        return outOfBounds.sum();
    }

    /** Series currently in the head. */
    public long series() {
        return seriesCreated.sum() - seriesRemoved.sum();
    }

    public long seriesCreated() {
        return seriesCreated.sum();
    }

    public long seriesRemoved() {
        return seriesRemoved.sum();
    }

    /** Chunks currently in the head. */
    public long chunks() {
        return chunksCreated.sum() - chunksRemoved.sum();
    }

    public long chunksCreated() {
        return chunksCreated.sum();
    }

    public long chunksRemoved() {
        return chunksRemoved.sum();
    }
}
