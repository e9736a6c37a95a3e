package dev.narthex.storage.encoding.bits;

import java.util.Arrays;

/** The median of a run of longs by quickselect: linear time on average, no allocation. */
public final class Median {
    /** Rounds of partitioning before falling back to sorting (guards against quadratic inputs). */
    private static final int MAX_ROUNDS = 64;

    private Median() {
    }

    /**
     * The element of rank {@code n / 2} of {@code v[off..off+n)} ({@code n > 0}); {@code scratch} (at least
     * {@code n} long) is overwritten, {@code v} is not.
     */
    public static long of(long[] v, int off, int n, long[] scratch) {
        System.arraycopy(v, off, scratch, 0, n);
        int k = n / 2;
        int lo = 0;
        int hi = n - 1;
        for (int round = 0; lo < hi; round++) {
            if (round == MAX_ROUNDS) {
                Arrays.sort(scratch, lo, hi + 1);
                return scratch[k];
            }
            long pivot = medianOfThree(scratch[lo], scratch[(lo + hi) >>> 1], scratch[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (scratch[i] < pivot) {
                    i++;
                }
                while (scratch[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = scratch[i];
                    scratch[i] = scratch[j];
                    scratch[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return scratch[k];
            }
        }
        return scratch[k];
    }

    private static long medianOfThree(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
