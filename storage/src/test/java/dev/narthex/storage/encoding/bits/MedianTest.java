package dev.narthex.storage.encoding.bits;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MedianTest {
    @Test
    void matchesSorting() {
        Random r = new Random(1);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + r.nextInt(300);
            long[] v = new long[n + 3];
            int bound = 1 + r.nextInt(round % 3 == 0 ? 3 : 1_000_000);
            for (int i = 0; i < v.length; i++) {
                v[i] = round % 5 == 0 ? r.nextLong() : r.nextInt(bound) - bound / 2;
            }
            if (round % 7 == 0) {
                Arrays.sort(v);
            }
            long[] copy = v.clone();
            long[] sorted = Arrays.copyOfRange(v, 2, 2 + n);
            Arrays.sort(sorted);
            assertEquals(sorted[n / 2], Median.of(v, 2, n, new long[n]));
            assertArrayEquals(copy, v, "input untouched");
        }
    }
}
