package dev.narthex.storage.encoding;

import dev.narthex.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCodecTest {
    private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    private static byte[] encode(double[] vs) {
        ByteOutput out = new ByteOutput();
        out.writeByte(0xAB); // the codec must append, not overwrite
        ValueCodec.encode(vs, 0, vs.length, out);
        return out.toByteArray();
    }

    /** Encodes, decodes and checks every bit; returns the encoded size. */
    private static int roundTrip(double[] vs) {
        byte[] enc = encode(vs);
        ByteInput in = new ByteInput(enc, 1, enc.length - 1);
        double[] back = new double[vs.length + 2];
        back[0] = 42;
        ValueCodec.decode(in, vs.length, back, 1);
        assertEquals(0, in.remaining(), "decoder must consume exactly the column");
        assertEquals(42.0, back[0]);
        for (int i = 0; i < vs.length; i++) {
            assertEquals(Long.toHexString(Double.doubleToRawLongBits(vs[i])),
                    Long.toHexString(Double.doubleToRawLongBits(back[i + 1])), "value " + i);
        }
        return enc.length - 1;
    }

    @Test
    void emptyColumnIsNoBytes() {
        assertEquals(0, roundTrip(new double[0]));
    }

    @Test
    void singleValues() {
        for (double v : new double[] {0, -0.0, 1, -1, 0.1, 1e300, Double.NaN, STALE, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2}) {
            roundTrip(new double[] {v});
        }
    }

    @Test
    void specialValuesAmongDecimals() {
        double[] vs = new double[200];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = 20.0 + i * 0.125;
        }
        vs[3] = Double.NaN;
        vs[4] = STALE;
        vs[5] = Double.longBitsToDouble(0xfff8000000001234L); // negative NaN with a payload
        vs[6] = Double.longBitsToDouble(0x7ff0000000000001L); // signalling NaN
        vs[7] = Double.POSITIVE_INFINITY;
        vs[8] = Double.NEGATIVE_INFINITY;
        vs[9] = -0.0;
        vs[10] = 0.1 + 0.2;
        vs[0] = STALE;
        vs[199] = Double.NaN;
        int size = roundTrip(vs);
        assertTrue(size < 200 * 2, "exceptions should not spoil the decimal packing: " + size);
    }

    @Test
    void allSpecial() {
        roundTrip(new double[] {Double.NaN, STALE, -0.0, Double.POSITIVE_INFINITY, STALE, STALE});
        roundTrip(new double[] {-0.0, -0.0, -0.0});
    }

    @Test
    void constantColumnIsTiny() {
        double[] vs = new double[720];
        java.util.Arrays.fill(vs, 16.0 * 1024 * 1024 * 1024);
        assertTrue(roundTrip(vs) <= 12, "header and one mantissa");
    }

    @Test
    void counterWithResetPacksNarrow() {
        double[] vs = new double[720];
        Random r = new Random(1);
        double v = 123456;
        for (int i = 0; i < vs.length; i++) {
            v = i == 400 ? 0 : v + r.nextInt(50);
            vs[i] = v;
        }
        int size = roundTrip(vs);
        assertTrue(size < 720, "about 6 bits per sample expected, got " + size + " bytes");
    }

    @Test
    void decimalsOfManyMagnitudes() {
        Random r = new Random(7);
        for (int digits = 0; digits <= 15; digits++) {
            for (int exp = -20; exp <= 20; exp += 3) {
                double[] vs = new double[130];
                long m = r.nextLong() % (long) Math.pow(10, digits + 1);
                for (int i = 0; i < vs.length; i++) {
                    m += r.nextInt(1000) - 500;
                    vs[i] = Double.parseDouble(m + "e" + exp);
                }
                roundTrip(vs);
            }
        }
    }

    @Test
    void decimalShapedDataPacksSmall() {
        double[] vs = new double[480];
        Random r = new Random(3);
        for (int i = 0; i < vs.length; i++) {
            vs[i] = Double.parseDouble(String.format("%.3f", 20 + 3 * Math.sin(i / 50.0) + r.nextGaussian() * 0.05));
        }
        int size = roundTrip(vs);
        assertTrue(size < 480 * 2, "3-decimal gauge should take under 2 bytes per sample, got " + size);
    }

    @Test
    void nonDecimalValuesFallBackLosslessly() {
        Random r = new Random(11);
        double[] vs = new double[300];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = r.nextDouble() * 1000 / 3;
        }
        roundTrip(vs);
        for (int i = 0; i < vs.length; i++) {
            vs[i] = Double.longBitsToDouble(r.nextLong());
        }
        roundTrip(vs);
        double acc = 0;
        for (int i = 0; i < vs.length; i++) {
            acc += 0.1;
            vs[i] = acc;
        }
        roundTrip(vs);
    }

    @Test
    void mostlyNonDecimalColumnsAvoidTheExceptionList() {
        Random r = new Random(12);
        double[] vs = new double[400];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = i % 10 == 0 ? i : 100 + r.nextGaussian(); // rates and ratios of a recording rule
        }
        // As exceptions each value would cost 9 bytes (index and raw bits); XOR stays near 8.
        int size = roundTrip(vs);
        assertTrue(size < vs.length * 17 / 2, "XOR fallback expected below 8.5 bytes per value, got " + size);
    }

    @Test
    void mixedScalesAndHugeMantissas() {
        roundTrip(new double[] {1e-20, 12345678.9, 1e22, 9007199254740993.0, 9007199254740992.0, 0.5});
        roundTrip(new double[] {1, 2, 3, 1e-300, 4, 5});
        roundTrip(new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1e22, 1e23});
        roundTrip(new double[] {100, 1000, 1e10, 5e21, 0});
    }

    @Test
    void columnsLargerThanTheCachedScratch() {
        Random r = new Random(8);
        double[] vs = new double[Scratch.MAX_CACHED + 1000];
        long[] ts = new long[vs.length];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = r.nextInt(100000) / 100.0;
            ts[i] = 1_700_000_000_000L + 15_000L * i + r.nextInt(11);
        }
        roundTrip(vs);
        ByteOutput out = new ByteOutput();
        TimestampCodec.encode(ts, 0, ts.length, out);
        long[] back = new long[ts.length];
        TimestampCodec.decode(new ByteInput(out.array(), 0, out.size()), ts.length, back, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(ts, back);
    }

    @Test
    void randomBitPatterns() {
        Random r = new Random(5);
        for (int round = 0; round < 200; round++) {
            double[] vs = new double[r.nextInt(300)];
            for (int i = 0; i < vs.length; i++) {
                switch (r.nextInt(5)) {
                    case 0 -> vs[i] = Double.longBitsToDouble(r.nextLong());
                    case 1 -> vs[i] = r.nextInt(1000) / 100.0;
                    case 2 -> vs[i] = i > 0 ? vs[i - 1] : 0;
                    case 3 -> vs[i] = r.nextLong();
                    default -> vs[i] = r.nextGaussian();
                }
            }
            roundTrip(vs);
        }
    }

    @Test
    void corruptInputFailsCleanly() {
        Random r = new Random(9);
        double[] vs = new double[500];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = i % 17 == 0 ? Double.NaN : r.nextInt(100000) / 100.0;
        }
        byte[] good = encode(vs);
        double[] back = new double[vs.length];
        for (int cut = 1; cut < good.length - 1; cut++) {
            ByteInput in = new ByteInput(good, 1, cut);
            assertThrows(StorageException.Corruption.class, () -> ValueCodec.decode(in, vs.length, back, 0),
                    "truncated to " + cut);
        }
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = good.clone();
            int at = 1 + r.nextInt(Math.min(bad.length - 1, 40));
            bad[at] = (byte) r.nextInt(256);
            ByteInput in = new ByteInput(bad, 1, bad.length - 1);
            try {
                ValueCodec.decode(in, vs.length, back, 0);
            } catch (StorageException.Corruption expected) {
                // Either a clean error or some decoded values: never another exception or a hang.
            }
        }
        byte[] badTag = good.clone();
        badTag[1] = 9;
        assertThrows(StorageException.Corruption.class,
                () -> ValueCodec.decode(new ByteInput(badTag, 1, badTag.length - 1), vs.length, back, 0));
    }

    @Test
    void gorillaColumnsRejectTruncation() {
        Random r = new Random(2);
        double[] vs = new double[200];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = Double.longBitsToDouble(r.nextLong());
        }
        byte[] good = encode(vs);
        double[] back = new double[vs.length];
        for (int cut = 1; cut < good.length - 1; cut += 7) {
            ByteInput in = new ByteInput(good, 1, cut);
            assertThrows(StorageException.Corruption.class, () -> ValueCodec.decode(in, vs.length, back, 0));
        }
    }
}
