package dev.narthex.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.StaleNaN;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkTest {

    private static void roundTrip(long[] ts, long[] bits) {
        XorChunk c = new XorChunk();
        for (int i = 0; i < ts.length; i++) {
            c.append(ts[i], Double.longBitsToDouble(bits[i]));
        }
        assertEquals(ts.length, c.numSamples());
        assertEquals(ts[0], c.minTime());
        assertEquals(ts[ts.length - 1], c.maxTime());
        XorIterator it = new XorIterator().reset(c);
        for (int i = 0; i < ts.length; i++) {
            assertTrue(it.next(), "sample " + i);
            assertEquals(ts[i], it.timestamp(), "timestamp " + i);
            assertEquals(bits[i], it.valueBits(), "value bits " + i);
        }
        assertFalse(it.next());
        c.trim();
        SampleBuffer buf = new SampleBuffer(1);
        assertEquals(ts.length, new XorIterator().readInto(c, Long.MIN_VALUE, Long.MAX_VALUE, buf));
        for (int i = 0; i < ts.length; i++) {
            assertEquals(ts[i], buf.timestamp(i));
            assertEquals(bits[i], Double.doubleToRawLongBits(buf.value(i)));
        }
    }

    @Test
    void anyStartingCapacityEncodesTheSameBytes() {
        Random r = new Random(7);
        for (int round = 0; round < 50; round++) {
            XorChunk roomy = new XorChunk(4096);
            XorChunk[] tight = new XorChunk[49];
            for (int c = 0; c < tight.length; c++) {
                tight[c] = new XorChunk(16 + c);
            }
            long t = r.nextLong() >> 20;
            for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
                t += 1 + r.nextInt(100_000);
                double v = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1000);
                roomy.append(t, v);
                for (XorChunk c : tight) {
                    c.append(t, v);
                }
            }
            for (XorChunk c : tight) {
                assertEquals(roomy.sizeBytes(), c.sizeBytes());
                assertArrayEquals(Arrays.copyOf(roomy.bytes(), roomy.sizeBytes()), Arrays.copyOf(c.bytes(), c.sizeBytes()));
            }
        }
    }

    @Test
    void firstTimestampOfAnySignAndSizeIsReadBack() {
        for (long t0 : new long[] {0, 1, -1, 63, -64, 1_700_000_000_000L, -1_700_000_000_000L, Long.MAX_VALUE - 1, Long.MIN_VALUE}) {
            XorChunk c = new XorChunk(16);
            c.append(t0, 1.0);
            assertEquals(t0, c.minTime());
            c.append(t0 + 1, 2.0);
            c.trim();
            assertEquals(t0, c.minTime());
        }
    }

    @Test
    void aChunkHoldsAtMost65535Samples() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < 65_535; i++) {
            c.append(i, 0.0);
        }
        assertEquals(65_535, c.numSamples());
        assertThrows(IllegalStateException.class, () -> c.append(70_000, 0.0));
        assertEquals(65_534, c.maxTime());
    }

    @Test
    void trimShrinksOnlyWhenMoreThanAnEighthIsUnused() {
        XorChunk exact = new XorChunk(16);
        exact.append(1, 1.0); // 1 varint byte and 8 value bytes
        assertEquals(9, exact.sizeBytes());
        exact.trim();
        assertEquals(9, exact.bytes().length);
        XorChunk nearlyFull = new XorChunk(80);
        long t = 0;
        while (nearlyFull.sizeBytes() < 71) {
            nearlyFull.append(t += 1000, Math.sqrt(t));
        }
        nearlyFull.trim();
        assertEquals(80, nearlyFull.bytes().length);
    }

    @Test
    void randomScrapesRoundTrip() {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(XorChunk.MAX_SAMPLES);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long t = r.nextLong() >> 20;
            double v = r.nextDouble() * 1000;
            for (int i = 0; i < n; i++) {
                t += 15_000 + r.nextInt(200) - 100;
                v += r.nextInt(4) == 0 ? 0 : r.nextGaussian();
                ts[i] = t;
                bits[i] = Double.doubleToRawLongBits(r.nextInt(10) == 0 ? Math.rint(v) : v);
            }
            roundTrip(ts, bits);
        }
    }

    @Test
    void specialValuesKeepTheirExactBits() {
        long[] bits = {
            Double.doubleToRawLongBits(Double.NaN), StaleNaN.BITS, 0x7ff8000000000001L, 0xfff0000000000123L,
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Double.MIN_VALUE),
            Double.doubleToRawLongBits(Double.MAX_VALUE), StaleNaN.BITS, StaleNaN.BITS, 1L, -1L, Long.MIN_VALUE,
        };
        long[] ts = new long[bits.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1000L * i;
        }
        roundTrip(ts, bits);
        XorChunk c = new XorChunk();
        c.append(1, StaleNaN.VALUE);
        c.append(2, Double.NaN);
        XorIterator it = new XorIterator().reset(c);
        it.next();
        assertTrue(StaleNaN.is(it.value()));
        it.next();
        assertFalse(StaleNaN.is(it.value()));
        assertTrue(Double.isNaN(it.value()));
    }

    @Test
    void hugeAndNegativeDeltasRoundTrip() {
        long[] ts = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -5, 0, 1, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        long[] bits = new long[ts.length];
        for (int i = 0; i < ts.length; i++) {
            bits[i] = Double.doubleToRawLongBits(i * 1.5);
        }
        roundTrip(ts, bits);
        // Shrinking deltas give negative deltas-of-deltas of every size.
        roundTrip(new long[] {0, 1_000_000_000L, 1_000_000_001L, 1_000_000_002L, 1_000_000_004L}, new long[5]);
    }

    @Test
    void everyDeltaOfDeltaBucketAndItsEdgesRoundTrip() {
        long[] dods = {0, 1, -1, 8191, 8192, -8191, -8192, 8193, 65535, 65536, -65535, -65536, 65537,
            524287, 524288, -524287, -524288, 524289, 1L << 40, -(1L << 40)};
        for (long dod : dods) {
            long base = 10_000_000_000L;
            long delta1 = 2_000_000L;
            long[] ts = {0, delta1, 2 * delta1 + dod, 3 * delta1 + 2 * dod, 3 * delta1 + 2 * dod + 1};
            for (int i = 0; i < ts.length; i++) {
                ts[i] += base;
            }
            roundTrip(ts, new long[ts.length]);
        }
        assertTrue(XorChunk.fits(8192, 14));
        assertFalse(XorChunk.fits(-8192, 14));
        assertTrue(XorChunk.fits(-8191, 14));
    }

    @Test
    void everyXorWidthAndWindowRoundTrips() {
        // Flip windows of every width at every position, so leading/trailing counts of 0..63 occur,
        // both reusing the previous window and opening a new one.
        Random r = new Random(7);
        for (int width = 1; width <= 64; width++) {
            for (int shift = 0; shift + width <= 64; shift += Math.max(1, width / 3)) {
                long mask = width == 64 ? -1L : ((1L << width) - 1) << shift;
                long[] bits = new long[6];
                bits[0] = r.nextLong();
                for (int i = 1; i < bits.length; i++) {
                    long flip = r.nextLong() & mask;
                    bits[i] = bits[i - 1] ^ (flip == 0 ? Long.lowestOneBit(mask) : flip);
                }
                long[] ts = {10, 20, 30, 40, 50, 60};
                roundTrip(ts, bits);
            }
        }
    }

    @Test
    void readIntoClipsToTheRange() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < 10; i++) {
            c.append(i * 10L, i);
        }
        SampleBuffer buf = new SampleBuffer();
        assertEquals(3, new XorIterator().readInto(c, 25, 50, buf));
        assertEquals(30, buf.timestamp(0));
        assertEquals(50, buf.timestamp(2));
        assertEquals(5.0, buf.value(2));
        XorIterator it = new XorIterator();
        assertFalse(it.hasSampleIn(c, 41, 45));
        assertTrue(it.hasSampleIn(c, 40, 40));
        assertFalse(it.hasSampleIn(c, 91, 200));
    }

    @Test
    void compressesRegularScrapesWell() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
            c.append(1_700_000_000_000L + i * 15_000L, 42.0);
        }
        // Constant value and interval: 2 bits per sample after the first two.
        assertTrue(c.sizeBytes() < 60, "size " + c.sizeBytes());
    }
}
