package dev.narthex.storage.encoding;

import dev.narthex.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Damaged columns of every encoding kind must decode to something or fail with Corruption, nothing else. */
class ColumnFuzzTest {
    private static double[] values(Random r, int n) {
        double[] vs = new double[n];
        int shape = r.nextInt(5);
        double acc = r.nextInt(1000);
        for (int i = 0; i < n; i++) {
            vs[i] = switch (shape) {
                case 0 -> 42;
                case 1 -> acc += r.nextInt(100);
                case 2 -> r.nextInt(100000) / 1000.0;
                case 3 -> r.nextGaussian();
                default -> i % 7 == 0 ? Double.NaN : i * 0.5;
            };
        }
        return vs;
    }

    private static long[] timestamps(Random r, int n) {
        long[] ts = new long[n];
        long t = r.nextLong() >> 2;
        boolean grid = r.nextBoolean();
        for (int i = 0; i < n; i++) {
            t += grid ? 15_000 + (r.nextInt(50) == 0 ? 60_000 : 0) : 1 + r.nextInt(100_000);
            ts[i] = t + (grid ? r.nextInt(81) - 40 : 0);
        }
        return ts;
    }

    @Test
    void damagedColumnsFailCleanly() {
        Random r = new Random(77);
        ByteOutput out = new ByteOutput();
        for (int round = 0; round < 3000; round++) {
            int n = 1 + r.nextInt(300);
            boolean valueColumn = r.nextBoolean();
            out.reset();
            if (valueColumn) {
                double[] vs = values(r, n);
                ValueCodec.encode(vs, 0, n, out);
            } else {
                long[] ts = timestamps(r, n);
                TimestampCodec.encode(ts, 0, n, out);
            }
            byte[] bad = out.toByteArray();
            int len = bad.length;
            switch (r.nextInt(3)) {
                case 0 -> len = r.nextInt(bad.length);
                case 1 -> bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                default -> bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            int count = r.nextInt(10) == 0 ? n + 1 + r.nextInt(1000) : n;
            ByteInput in = new ByteInput(bad, 0, len);
            try {
                if (valueColumn) {
                    ValueCodec.decode(in, count, new double[count], 0);
                } else {
                    TimestampCodec.decode(in, count, new long[count], 0);
                }
            } catch (StorageException.Corruption expected) {
                // The only acceptable failure.
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e, e);
            }
        }
    }
}
