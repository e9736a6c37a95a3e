package dev.narthex.storage.encoding.bits;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchedIntsTest {
    private static int roundTrip(long[] v) {
        ByteOutput out = new ByteOutput();
        long[] scratch = new long[v.length];
        PatchedInts.encode(v, 0, v.length, scratch, out);
        long estimate = PatchedInts.size(v, 0, v.length, scratch);
        ByteInput in = new ByteInput(out.array(), 0, out.size());
        long[] back = new long[v.length];
        PatchedInts.decode(in, v.length, back, 0);
        assertArrayEquals(v, back);
        assertEquals(0, in.remaining());
        assertTrue(Math.abs(estimate - out.size()) <= 2 + v.length / 16,
                "estimate " + estimate + " vs actual " + out.size());
        return out.size();
    }

    @Test
    void everyBitWidth() {
        Random r = new Random(1);
        for (int bits = 1; bits <= 64; bits++) {
            for (int n : new int[] {1, 2, 7, 64, 65, 333}) {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = bits == 64 ? r.nextLong() : r.nextLong() >>> (64 - bits);
                }
                roundTrip(v);
            }
        }
    }

    @Test
    void outliersArePatchedNotWidened() {
        long[] v = new long[1000];
        Random r = new Random(2);
        for (int i = 0; i < v.length; i++) {
            v[i] = 60 + r.nextInt(16);
        }
        v[0] = Long.MIN_VALUE;
        v[500] = -123456789;
        v[999] = Long.MAX_VALUE;
        assertTrue(roundTrip(v) < 1000 * 5 / 8 + 40);
    }

    @Test
    void commonDivisorIsFactoredOut() {
        long[] v = new long[500];
        Random r = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = 4096L * r.nextInt(256) - 7;
        }
        assertTrue(roundTrip(v) < 500 * 9 / 8 + 20);
    }

    @Test
    void constant() {
        assertEquals(2, roundTrip(new long[] {0, 0, 0}));
        roundTrip(new long[] {Long.MIN_VALUE});
    }

    @Test
    void badHeadersAreCorruption() {
        long[] back = new long[10];
        byte[][] cases = {
            {7},
            {1, 0, 0, 65, 0},
            {1, 0, 1, 8, 11},
            {1, 0, 1, 8, 0, 1, 2},
        };
        for (byte[] c : cases) {
            assertThrows(StorageException.Corruption.class,
                    () -> PatchedInts.decode(new ByteInput(c, 0, c.length), 10, back, 0));
        }
    }
}
