package dev.narthex.promql.functions;

/**
 * The value order of {@code sort}, {@code sort_desc}, {@code topk} and {@code bottomk} results:
 * ascending or descending with NaNs last, sorting parallel arrays of values and series indices in
 * place. Prometheus sorts with Go's {@code sort.Sort}, an unstable pattern-defeating quicksort; this
 * is a port of that algorithm's decisions (insertion sort up to 12 elements, the same pivots,
 * partitions and pattern breaking), so that ties end up in the same order as in Prometheus.
 * Allocation-free; instances hold no state between calls.
 */
public final class ValueSort {
    private static final int MAX_INSERTION = 12;
    private static final int UNKNOWN_HINT = 0;
    private static final int INCREASING_HINT = 1;
    private static final int DECREASING_HINT = 2;

    private double[] v;
    private int[] s;
    private boolean descending;
    private int swaps;

    /** Sorts {@code values[0, n)} and permutes {@code series} alike. Not thread-safe. */
    public void sort(double[] values, int[] series, int n, boolean descending) {
        if (n <= 1) {
            return;
        }
        this.v = values;
        this.s = series;
        this.descending = descending;
        pdqsort(0, n, 64 - Long.numberOfLeadingZeros(n));
        this.v = null;
        this.s = null;
    }

    /** sort.Reverse of Prometheus's value heaps: NaN never sorts before anything. */
    static boolean less(double a, double b, boolean descending) {
        if (Double.isNaN(b)) {
            return true;
        }
        return descending ? b < a : b > a;
    }

    private boolean less(int i, int j) {
        return less(v[i], v[j], descending);
    }

    private void swap(int i, int j) {
        double tv = v[i];
        v[i] = v[j];
        v[j] = tv;
        int ts = s[i];
        s[i] = s[j];
        s[j] = ts;
    }

    private void insertionSort(int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && less(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }

    private void siftDown(int lo, int hi, int first) {
        int root = lo;
        while (true) {
            int child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && less(first + child, first + child + 1)) {
                child++;
            }
            if (!less(first + root, first + child)) {
                return;
            }
            swap(first + root, first + child);
            root = child;
        }
    }

    private void heapSort(int a, int b) {
        int first = a;
        int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; i--) {
            siftDown(i, hi, first);
        }
        for (int i = hi - 1; i >= 0; i--) {
            swap(first, first + i);
            siftDown(0, i, first);
        }
    }

    private void pdqsort(int a, int b, int limit) {
        boolean wasBalanced = true;
        boolean wasPartitioned = true;
        while (true) {
            int length = b - a;
            if (length <= MAX_INSERTION) {
                insertionSort(a, b);
                return;
            }
            if (limit == 0) {
                heapSort(a, b);
                return;
            }
            if (!wasBalanced) {
                breakPatterns(a, b);
                limit--;
            }
            long pivotAndHint = choosePivot(a, b);
            int pivot = (int) (pivotAndHint >> 2);
            int hint = (int) (pivotAndHint & 3);
            if (hint == DECREASING_HINT) {
                reverseRange(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = INCREASING_HINT;
            }
            if (wasBalanced && wasPartitioned && hint == INCREASING_HINT && partialInsertionSort(a, b)) {
                return;
            }
            if (a > 0 && !less(a - 1, pivot)) {
                a = partitionEqual(a, b, pivot);
                continue;
            }
            long midAndFlag = partition(a, b, pivot);
            int mid = (int) (midAndFlag >> 1);
            wasPartitioned = (midAndFlag & 1) != 0;
            int leftLen = mid - a;
            int rightLen = b - mid;
            int balanceThreshold = length / 8;
            if (leftLen < rightLen) {
                wasBalanced = leftLen >= balanceThreshold;
                pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                wasBalanced = rightLen >= balanceThreshold;
                pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    /** Returns the new pivot index shifted left by one, with the low bit set if already partitioned. */
    private long partition(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && less(i, a)) {
            i++;
        }
        while (i <= j && !less(j, a)) {
            j--;
        }
        if (i > j) {
            swap(j, a);
            return ((long) j << 1) | 1;
        }
        swap(i, j);
        i++;
        j--;
        while (true) {
            while (i <= j && less(i, a)) {
                i++;
            }
            while (i <= j && !less(j, a)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        swap(j, a);
        return (long) j << 1;
    }

    private int partitionEqual(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (true) {
            while (i <= j && !less(a, i)) {
                i++;
            }
            while (i <= j && less(a, j)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        return i;
    }

    private boolean partialInsertionSort(int a, int b) {
        final int maxSteps = 5;
        final int shortestShifting = 50;
        int i = a + 1;
        for (int step = 0; step < maxSteps; step++) {
            while (i < b && !less(i, i - 1)) {
                i++;
            }
            if (i == b) {
                return true;
            }
            if (b - a < shortestShifting) {
                return false;
            }
            swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; j--) {
                    if (!less(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; j++) {
                    if (!less(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
        }
        return false;
    }

    private void breakPatterns(int a, int b) {
        int length = b - a;
        if (length >= 8) {
            long random = length;
            long modulus = 1L << (64 - Long.numberOfLeadingZeros(length));
            int centre = a + (length / 4) * 2;
            for (int idx = centre - 1; idx <= centre + 1; idx++) {
                random ^= random << 13;
                random ^= random >>> 7;
                random ^= random << 17;
                int other = (int) (random & (modulus - 1));
                if (other >= length) {
                    other -= length;
                }
                swap(idx, a + other);
            }
        }
    }

    /** Returns the pivot index shifted left by two, with the sortedness hint in the low bits. */
    private long choosePivot(int a, int b) {
        final int shortestNinther = 50;
        final int maxSwaps = 4 * 3;
        int l = b - a;
        swaps = 0;
        int i = a + l / 4;
        int j = a + l / 4 * 2;
        int k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= shortestNinther) {
                i = median(i - 1, i, i + 1);
                j = median(j - 1, j, j + 1);
                k = median(k - 1, k, k + 1);
            }
            j = median(i, j, k);
        }
        int hint = swaps == 0 ? INCREASING_HINT : swaps == maxSwaps ? DECREASING_HINT : UNKNOWN_HINT;
        return ((long) j << 2) | hint;
    }

    /** The index among a, b, c holding the median, counting the comparisons that found disorder. */
    private int median(int a, int b, int c) {
        if (less(b, a)) {
            swaps++;
            int t = a;
            a = b;
            b = t;
        }
        if (less(c, b)) {
            swaps++;
            int t = b;
            b = c;
            c = t;
        }
        if (less(b, a)) {
            swaps++;
            b = a;
        }
        return b;
    }

    private void reverseRange(int a, int b) {
        int i = a;
        int j = b - 1;
        while (i < j) {
            swap(i, j);
            i++;
            j--;
        }
    }
}
