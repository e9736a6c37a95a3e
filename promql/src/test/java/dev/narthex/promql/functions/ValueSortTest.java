package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** sort()/sort_desc() order, functions.test:689-725 (input in label order). */
class ValueSortTest {
    private static final double NAN = Double.NaN;

    private static int[] order(boolean descending, double... values) {
        int[] idx = new int[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        new ValueSort().sort(values.clone(), idx, values.length, descending);
        return idx;
    }

    @Test
    void sortAndSortDescPutNaNLast() {
        // Label order: canary/0/api 300, canary/0/app 700, canary/1/api 400, canary/1/app 800,
        // canary/2/api NaN, production/0/api 100, production/0/app 500, production/1/api 200, production/1/app 600.
        double[] v = {300, 700, 400, 800, NAN, 100, 500, 200, 600};
        assertArrayEquals(new int[] {5, 7, 0, 2, 6, 8, 1, 3, 4}, order(false, v));
        assertArrayEquals(new int[] {3, 1, 8, 6, 2, 0, 7, 5, 4}, order(true, v));
    }

    @Test
    void smallInputsAreInsertionSortedSoTiesKeepInputOrder() {
        assertArrayEquals(new int[] {1, 0, 2}, order(false, 5, 1, 5));
        assertArrayEquals(new int[] {0, 2, 1}, order(true, 5, 1, 5));
    }

    @Test
    void largeInputsOfAllShapesSortCorrectly() {
        java.util.Random random = new java.util.Random(42);
        for (int n : new int[] {13, 20, 49, 50, 51, 100, 1000, 5000}) {
            for (int shape = 0; shape < 5; shape++) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = switch (shape) {
                        case 0 -> random.nextInt(10);
                        case 1 -> i;
                        case 2 -> n - i;
                        case 3 -> i % 7 == 0 ? NAN : random.nextDouble();
                        default -> 3;
                    };
                }
                for (boolean descending : new boolean[] {false, true}) {
                    int[] idx = order(descending, values);
                    boolean[] seen = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        seen[idx[i]] = true;
                        if (i > 0) {
                            double prev = values[idx[i - 1]];
                            double cur = values[idx[i]];
                            boolean ordered = Double.isNaN(cur) || (!Double.isNaN(prev)
                                    && (descending ? prev >= cur : prev <= cur));
                            org.junit.jupiter.api.Assertions.assertTrue(ordered, "n=" + n + " shape=" + shape);
                        }
                    }
                    for (boolean b : seen) {
                        org.junit.jupiter.api.Assertions.assertTrue(b);
                    }
                }
            }
        }
    }
}
