package dev.narthex.storage.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.StorageException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ValueCodec#staleMarkers} finds exactly the stale markers {@link ValueCodec#decode} finds. */
class ValueCodecStaleMarkersTest {
    private static byte[] encode(double[] vs) {
        ByteOutput out = new ByteOutput();
        ValueCodec.encode(vs, 0, vs.length, out);
        return out.toByteArray();
    }

    /** Decodes the column both ways and compares the stale markers' positions. */
    private static void assertSameStaleness(double[] vs) {
        byte[] enc = encode(vs);
        double[] full = new double[vs.length];
        ValueCodec.decode(new ByteInput(enc, 0, enc.length), vs.length, full, 0);
        ByteInput in = new ByteInput(enc, 0, enc.length);
        int[] positions = new int[vs.length];
        int n = ValueCodec.staleMarkers(in, vs.length, positions);
        assertEquals(0, in.remaining(), "must consume exactly the column");
        int k = 0;
        for (int i = 0; i < vs.length; i++) {
            assertEquals(StaleNaN.is(vs[i]), StaleNaN.is(full[i]), "full decode, value " + i);
            if (StaleNaN.is(vs[i])) {
                assertEquals(i, positions[k++], "stale marker " + (k - 1));
            }
        }
        assertEquals(k, n, "stale markers found");
    }

    @Test
    void decimalColumnsWithStaleMarkersAndOtherExceptions() {
        double[] vs = new double[300];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = 1000 + i * 3; // a counter: decimal, difference order 1
        }
        vs[0] = StaleNaN.VALUE;
        vs[17] = StaleNaN.VALUE;
        vs[18] = Double.NaN;
        vs[19] = Double.POSITIVE_INFINITY;
        vs[120] = Double.longBitsToDouble(0x7ff0000000000001L); // a NaN one bit away from the marker
        vs[299] = StaleNaN.VALUE;
        assertSameStaleness(vs);
    }

    @Test
    void constantAndSingleValueColumns() {
        assertSameStaleness(new double[] {StaleNaN.VALUE});
        assertSameStaleness(new double[] {5});
        assertSameStaleness(new double[] {1, 1, 1, 1, StaleNaN.VALUE});
        assertSameStaleness(new double[] {StaleNaN.VALUE, StaleNaN.VALUE, StaleNaN.VALUE});
    }

    @Test
    void randomColumnsOfEveryShape() {
        Random r = new Random(3);
        for (int round = 0; round < 400; round++) {
            int n = 1 + r.nextInt(700);
            double[] vs = new double[n];
            int shape = round % 4;
            double x = r.nextInt(1000);
            for (int i = 0; i < n; i++) {
                vs[i] = switch (shape) {
                    case 0 -> x += r.nextInt(50);                    // counter
                    case 1 -> r.nextInt(100) / 10.0;                 // decimal gauge
                    case 2 -> r.nextDouble() * 1e6;                  // binary fractions: XOR
                    default -> r.nextBoolean() ? Double.NaN : r.nextLong() / 1e3; // many exceptions
                };
                if (r.nextInt(20) == 0) {
                    vs[i] = StaleNaN.VALUE;
                }
            }
            assertSameStaleness(vs);
        }
    }

    @Test
    void corruptHeadersAreReported() {
        byte[] enc = encode(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 11});
        enc[0] = 9;
        assertThrows(StorageException.Corruption.class,
                () -> ValueCodec.staleMarkers(new ByteInput(enc, 0, enc.length), 10, new int[10]));
        byte[] truncated = encode(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 11.5, 1e5, 3});
        assertThrows(StorageException.Corruption.class,
                () -> ValueCodec.staleMarkers(new ByteInput(truncated, 0, truncated.length - 3), 12, new int[12]));
    }
}
