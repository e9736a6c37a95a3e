package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalDigitsTest {
    @Test
    void countsAndWritesLikeLongToString() {
        List<Long> values = new ArrayList<>(List.of(0L, Long.MAX_VALUE));
        long p = 1;
        for (int i = 0; i < 19; i++) {
            values.add(p - 1);
            values.add(p);
            values.add(p + 1);
            p *= 10;
        }
        for (int bit = 0; bit < 63; bit++) {
            values.add(1L << bit);
            values.add((1L << bit) - 1);
        }
        Random r = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            values.add(r.nextLong() >>> 1 + r.nextInt(63));
        }
        char[] buf = new char[24];
        for (long v : values) {
            String expected = Long.toString(v);
            int n = DecimalDigits.count(v);
            assertEquals(expected.length(), n, expected);
            buf[0] = '#';
            assertEquals(1 + n, DecimalDigits.write(v, n, buf, 1));
            assertEquals("#" + expected, new String(buf, 0, 1 + n));
        }
    }
}
