package dev.narthex.promql.functions;

import java.util.Arrays;

/**
 * A float series written in the promql test notation ({@code load <step>} lines), for feeding
 * kernels the same samples the upstream .test files load: items {@code a}, {@code _},
 * {@code axN}, {@code a+dxN}, {@code a-dxN}, {@code _xN}; sample i is at {@code i * step}.
 */
final class LoadedSeries {
    final long[] ts;
    final double[] vs;

    private LoadedSeries(long[] ts, double[] vs) {
        this.ts = ts;
        this.vs = vs;
    }

    static LoadedSeries load(long stepMs, String values) {
        long[] ts = new long[16];
        double[] vs = new double[16];
        int n = 0;
        int pos = 0;
        for (String item : values.trim().split("\\s+")) {
            int x = item.indexOf('x');
            String head = x < 0 ? item : item.substring(0, x);
            int times = x < 0 ? 0 : Integer.parseInt(item.substring(x + 1));
            if (head.equals("_")) {
                pos += x < 0 ? 1 : times;
                continue;
            }
            int op = Math.max(head.lastIndexOf('+'), head.lastIndexOf('-'));
            double start;
            double delta = 0;
            if (x >= 0 && op > 0 && head.charAt(op - 1) != 'e' && head.charAt(op - 1) != 'E') {
                start = number(head.substring(0, op));
                delta = number(head.substring(op + 1));
                if (head.charAt(op) == '-') {
                    delta = -delta;
                }
            } else {
                start = number(head);
            }
            double v = start;
            for (int i = 0; i <= times; i++) {
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    vs = Arrays.copyOf(vs, n * 2);
                }
                ts[n] = pos * stepMs;
                vs[n++] = v;
                pos++;
                v = v + delta;
            }
        }
        return new LoadedSeries(Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
    }

    private static double number(String s) {
        switch (s.toLowerCase()) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    /** First index with ts > startMs (the left-open range start). */
    int from(long startMs) {
        return RangeFunctions.firstAfter(ts, 0, ts.length, startMs);
    }

    /** One past the last index with ts <= endMs. */
    int to(long endMs) {
        return RangeFunctions.firstAfter(ts, 0, ts.length, endMs);
    }

    static long min(double m) {
        return (long) (m * 60_000);
    }

    static long sec(double s) {
        return (long) (s * 1000);
    }
}
