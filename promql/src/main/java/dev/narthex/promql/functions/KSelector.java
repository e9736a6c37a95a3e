package dev.narthex.promql.functions;

import dev.narthex.storage.text.GoFloatFormat;
import java.util.Arrays;

/**
 * Per-group selection for {@code topk}, {@code bottomk} and {@code limitk} at one evaluation step,
 * replicating Prometheus's heap (Go's {@code container/heap}) so that ties and NaNs pick the same
 * series: topk keeps a min-heap and replaces its root by any greater value (or any number over a
 * NaN root); bottomk mirrors it; limitk keeps the first k series in input order; limit_ratio keeps
 * every series the caller accepted with {@link LimitRatio#accept}. Output order is Prometheus's too:
 * sorted for topk/bottomk, heap order for limitk/limit_ratio.
 *
 * <p>Series are identified by the caller's index. Use: {@link #reset}, {@link #offer} per input
 * sample in input order, then {@link #sorted} per group. Not thread-safe; reuse per node.
 */
public final class KSelector {
    /** Which operator is being evaluated. */
    public enum Mode { TOPK, BOTTOMK, LIMITK, LIMIT_RATIO }

    /** Query error texts for the k parameter. */
    public static final String PARAMETER_NAN = "Parameter value is NaN";

    private Mode mode = Mode.TOPK;
    private long k;
    private double[][] vals = new double[0][];
    private int[][] series = new int[0][];
    private int[] sizes = new int[0];
    private final ValueSort valueSort = new ValueSort();

    /** "Scalar value 1e+19 overflows int64". */
    public static String overflowMessage(double param) {
        return "Scalar value " + GoFloatFormat.formatG(param) + " overflows int64";
    }

    /** "Scalar value -1e+19 underflows int64". */
    public static String underflowMessage(double param) {
        return "Scalar value " + GoFloatFormat.formatG(param) + " underflows int64";
    }

    /** Whether the parameter fails the query as an overflow (≥ 2^63). */
    public static boolean overflows(double param) {
        return param >= 0x1p63;
    }

    /** Whether the parameter fails the query as an underflow (≤ -2^63). */
    public static boolean underflows(double param) {
        return param <= -0x1p63;
    }

    /** Prometheus's k at one step: {@code min(int64(param), inputSeries)}; below 1 means an empty result. */
    public static long k(double param, int inputSeries) {
        return Math.min(GoMath.toInt64(param), (long) inputSeries);
    }

    /** Prepares for {@code groups} groups selecting at most {@code k} (≥ 1) series each (ignored for limit_ratio). */
    public void reset(Mode mode, long k, int groups) {
        this.mode = mode;
        this.k = mode == Mode.LIMIT_RATIO ? Long.MAX_VALUE : k;
        if (sizes.length < groups) {
            int n = Math.max(groups, sizes.length * 2);
            vals = Arrays.copyOf(vals, n);
            series = Arrays.copyOf(series, n);
            sizes = new int[n];
        } else {
            Arrays.fill(sizes, 0, groups, 0);
        }
    }

    /**
     * Offers a float sample of group {@code g}. For limitk, returns false once the group is full
     * (so the caller can stop early when all groups are full); otherwise always true.
     */
    public boolean offer(int g, int seriesIndex, double value) {
        int n = sizes[g];
        if (n < k) {
            push(g, seriesIndex, value);
            return mode != Mode.LIMITK || sizes[g] < k;
        }
        if (mode == Mode.LIMITK) {
            return false;
        }
        double root = vals[g][0];
        boolean replace = mode == Mode.TOPK
                ? root < value || (Double.isNaN(root) && !Double.isNaN(value))
                : root > value || (Double.isNaN(root) && !Double.isNaN(value));
        if (replace) {
            vals[g][0] = value;
            series[g][0] = seriesIndex;
            if (k > 1) {
                fix(g, 0);
            }
        }
        return true;
    }

    /** How many series group {@code g} holds. */
    public int size(int g) {
        return sizes[g];
    }

    /**
     * Writes group {@code g}'s series indices into {@code out} in Prometheus's output order (topk
     * descending, bottomk ascending, NaNs last; limitk and limit_ratio in heap order) and returns their number.
     */
    public int sorted(int g, int[] out) {
        int n = sizes[g];
        double[] v = vals[g];
        int[] s = series[g];
        if (mode == Mode.TOPK || mode == Mode.BOTTOMK) {
            valueSort.sort(v, s, n, mode == Mode.TOPK);
        }
        System.arraycopy(s, 0, out, 0, n);
        return n;
    }

    /** The value heap's Less: NaN first, then ascending (descending for bottomk). */
    private boolean heapLess(double a, double b) {
        if (Double.isNaN(a)) {
            return true;
        }
        return mode == Mode.BOTTOMK ? a > b : a < b;
    }

    private void push(int g, int seriesIndex, double value) {
        int n = sizes[g];
        double[] v = vals[g];
        if (v == null || v.length == n) {
            int cap = (int) Math.min(Math.max(8, n * 2L), Math.max(k, 8));
            vals[g] = v = v == null ? new double[cap] : Arrays.copyOf(v, cap);
            series[g] = series[g] == null ? new int[cap] : Arrays.copyOf(series[g], cap);
        }
        v[n] = value;
        series[g][n] = seriesIndex;
        sizes[g] = n + 1;
        up(g, n);
    }

    private void up(int g, int j) {
        double[] v = vals[g];
        int[] s = series[g];
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || !heapLess(v[j], v[i])) {
                break;
            }
            swap(v, s, i, j);
            j = i;
        }
    }

    private void fix(int g, int i) {
        if (!down(g, i, sizes[g])) {
            up(g, i);
        }
    }

    private boolean down(int g, int i0, int n) {
        double[] v = vals[g];
        int[] s = series[g];
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && heapLess(v[j2], v[j1])) {
                j = j2;
            }
            if (!heapLess(v[j], v[i])) {
                break;
            }
            swap(v, s, i, j);
            i = j;
        }
        return i > i0;
    }

    private static void swap(double[] v, int[] s, int i, int j) {
        double tv = v[i];
        v[i] = v[j];
        v[j] = tv;
        int ts = s[i];
        s[i] = s[j];
        s[j] = ts;
    }
}
