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

    /**
     * The first index at or after {@code from} with a timestamp greater than {@code t}, given that none
     * before {@code from} has one. Bounds that slide over a series step by step usually advance by as many
     * samples as at the previous step (regular scrapes, regular steps): {@code from + advance} is tried
     * first with two comparisons, and the samples are scanned one by one only when it is wrong.
     */
    static int slide(long[] ts, int n, int from, int advance, long t) {
        int g = from + advance;
        if (g <= n && (g == 0 || ts[g - 1] <= t) && (g == n || ts[g] > t)) {
            return g;
        }
        int i = from;
        while (i < n && ts[i] <= t) {
            i++;
        }
        return i;
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
