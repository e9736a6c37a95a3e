package dev.narthex.promql.eval;

import dev.narthex.storage.Labels;
import java.util.List;

/**
 * A range vector evaluated for all steps: every series' samples once (stale markers removed), and per
 * step the right edge of its window; the window of step i is {@code (windowEnd[i] - rangeMs, windowEnd[i]]}.
 */
final class RangeInput {
    /**
     * One series' samples over the union of all windows, in time order. {@code startTimes}: the samples'
     * start timestamps (0 = unknown), or null when none has one, when start timestamps are off, or when
     * the range vector was computed (a subquery), which cuts their propagation as in Prometheus.
     */
    record Series(Labels labels, long[] timestamps, double[] values, int size, boolean dropName, long[] startTimes) {
    }

    final List<Series> series;
    final long[] windowEnd;
    final long rangeMs;

    RangeInput(List<Series> series, long[] windowEnd, long rangeMs) {
        this.series = series;
        this.windowEnd = windowEnd;
        this.rangeMs = rangeMs;
    }

    /** First index with timestamp greater than {@code t}. */
    static int upperBound(long[] ts, int size, long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
