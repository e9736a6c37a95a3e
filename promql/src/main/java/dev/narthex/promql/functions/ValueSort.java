package dev.narthex.promql.functions;

/**
 * The value order of {@code sort}, {@code sort_desc}, {@code topk} and {@code bottomk} results:
 * ascending or descending with NaNs last, sorting parallel arrays of values and series indices in
 * place. Up to 12 elements this is exactly Go's insertion sort (what {@code sort.Sort} does for
 * small inputs), ties included; larger inputs are merge-sorted stably, where Go's pdqsort may order
 * ties differently. Not thread-safe: reuses merge buffers.
 */
public final class ValueSort {
    private double[] tmpVals = new double[0];
    private int[] tmpSeries = new int[0];

    /** Sorts {@code values[0, n)} and permutes {@code series} alike. */
    public void sort(double[] values, int[] series, int n, boolean descending) {
        if (n <= 12) {
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && less(values[j], values[j - 1], descending); j--) {
                    double tv = values[j];
                    values[j] = values[j - 1];
                    values[j - 1] = tv;
                    int ts = series[j];
                    series[j] = series[j - 1];
                    series[j - 1] = ts;
                }
            }
            return;
        }
        mergeSort(values, series, n, descending);
    }

    /** sort.Reverse of Prometheus's value heaps: NaN never sorts before anything. */
    static boolean less(double a, double b, boolean descending) {
        if (Double.isNaN(b)) {
            return true;
        }
        return descending ? b < a : b > a;
    }

    private void mergeSort(double[] v, int[] s, int n, boolean descending) {
        if (tmpVals.length < n) {
            tmpVals = new double[n];
            tmpSeries = new int[n];
        }
        double[] srcV = v;
        int[] srcS = s;
        double[] dstV = tmpVals;
        int[] dstS = tmpSeries;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    if (i < mid && (j >= hi || !lessStrict(srcV[j], srcV[i], descending))) {
                        dstV[k] = srcV[i];
                        dstS[k] = srcS[i++];
                    } else {
                        dstV[k] = srcV[j];
                        dstS[k] = srcS[j++];
                    }
                }
            }
            double[] tv = srcV;
            srcV = dstV;
            dstV = tv;
            int[] ts = srcS;
            srcS = dstS;
            dstS = ts;
        }
        if (srcV != v) {
            System.arraycopy(srcV, 0, v, 0, n);
            System.arraycopy(srcS, 0, s, 0, n);
        }
    }

    /** A strict order for merging (two NaNs are equal), so that merging stays stable. */
    private static boolean lessStrict(double a, double b, boolean descending) {
        if (Double.isNaN(a)) {
            return false;
        }
        return less(a, b, descending);
    }
}
