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
    void tiesKeepInputOrderAndLargeInputsSortToo() {
        assertArrayEquals(new int[] {1, 0, 2}, order(false, 5, 1, 5));
        double[] big = new double[20];
        for (int i = 0; i < big.length; i++) {
            big[i] = i % 2 == 0 ? NAN : 20 - i;
        }
        int[] asc = order(false, big);
        assertArrayEquals(new int[] {19, 17, 15, 13, 11, 9, 7, 5, 3, 1, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, asc);
    }
}
