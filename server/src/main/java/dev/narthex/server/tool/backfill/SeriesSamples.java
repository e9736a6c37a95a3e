package dev.narthex.server.tool.backfill;

import dev.narthex.storage.StorageException;
import java.util.Arrays;

/**
 * The samples of one series in pages that double from 16 up to {@link #MAX_PAGE} samples and never
 * move once written, so a large import neither copies nor leaves growing arrays behind for the garbage
 * collector. Not thread-safe while appending; read-only use from several threads is safe afterwards.
 */
final class SeriesSamples {
    static final int MAX_PAGE = 8192;
    private static final int FIRST_PAGE = 16;

    private long[][] tsPages = new long[4][];
    private double[][] vsPages = new double[4][];
    private int pages;
    private int fill;
    private int size;

    /**
     * Appends a sample in time order. A sample at the last timestamp with the same value is dropped, as
     * Prometheus's head drops it; an older one, or one with another value, is refused with Prometheus's text.
     *
     * @return whether the sample was kept
     */
    boolean append(long t, double v) {
        if (size > 0) {
            long[] lastTs = tsPages[pages - 1];
            long last = lastTs[fill - 1];
            if (t <= last) {
                if (t == last) {
                    if (Double.doubleToRawLongBits(vsPages[pages - 1][fill - 1]) == Double.doubleToRawLongBits(v)) {
                        return false;
                    }
                    throw new StorageException.DuplicateTimestamp();
                }
                throw new StorageException.OutOfOrder();
            }
        }
        if (pages == 0 || fill == tsPages[pages - 1].length) {
            addPage();
        }
        tsPages[pages - 1][fill] = t;
        vsPages[pages - 1][fill] = v;
        fill++;
        size++;
        return true;
    }

    private void addPage() {
        int cap = pages == 0 ? FIRST_PAGE : Math.min(MAX_PAGE, tsPages[pages - 1].length * 2);
        if (pages == tsPages.length) {
            tsPages = Arrays.copyOf(tsPages, pages * 2);
            vsPages = Arrays.copyOf(vsPages, pages * 2);
        }
        tsPages[pages] = new long[cap];
        vsPages[pages] = new double[cap];
        pages++;
        fill = 0;
    }

    int size() {
        return size;
    }

    long firstTimestamp() {
        return tsPages[0][0];
    }

    long lastTimestamp() {
        return tsPages[pages - 1][fill - 1];
    }

    /** Number of samples with a timestamp below {@code t}. */
    int countBefore(long t) {
        int before = 0;
        for (int p = 0; p < pages; p++) {
            long[] ts = tsPages[p];
            int n = p == pages - 1 ? fill : ts.length;
            if (ts[n - 1] >= t) {
                int lo = 0;
                int hi = n;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (ts[mid] < t) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                return before + lo;
            }
            before += n;
        }
        return before;
    }

    /** Copies samples {@code [from, to)} into {@code ts} and {@code vs} from index 0. */
    void copy(int from, int to, long[] ts, double[] vs) {
        int pageStart = 0;
        int out = 0;
        for (int p = 0; p < pages && pageStart < to; p++) {
            int n = p == pages - 1 ? fill : tsPages[p].length;
            int a = Math.max(from, pageStart);
            int z = Math.min(to, pageStart + n);
            if (a < z) {
                System.arraycopy(tsPages[p], a - pageStart, ts, out, z - a);
                System.arraycopy(vsPages[p], a - pageStart, vs, out, z - a);
                out += z - a;
            }
            pageStart += n;
        }
    }
}
