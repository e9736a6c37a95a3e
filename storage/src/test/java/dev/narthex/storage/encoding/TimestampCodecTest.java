package dev.narthex.storage.encoding;

import dev.narthex.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampCodecTest {
    private static byte[] encode(long[] ts) {
        ByteOutput out = new ByteOutput();
        out.writeByte(0xCD);
        TimestampCodec.encode(ts, 0, ts.length, out);
        return out.toByteArray();
    }

    private static int roundTrip(long[] ts) {
        byte[] enc = encode(ts);
        ByteInput in = new ByteInput(enc, 1, enc.length - 1);
        long[] back = new long[ts.length + 1];
        back[0] = 7;
        TimestampCodec.decode(in, ts.length, back, 1);
        assertEquals(0, in.remaining(), "decoder must consume exactly the column");
        assertEquals(7, back[0]);
        assertArrayEquals(ts, java.util.Arrays.copyOfRange(back, 1, back.length));
        return enc.length - 1;
    }

    private static long[] scrapes(int n, long start, long interval, int jitter, Random r) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * interval + (jitter == 0 ? 0 : r.nextInt(2 * jitter + 1) - jitter);
        }
        return ts;
    }

    @Test
    void emptyAndSingle() {
        assertEquals(0, roundTrip(new long[0]));
        roundTrip(new long[] {1700000000123L});
        roundTrip(new long[] {Long.MIN_VALUE});
        roundTrip(new long[] {Long.MAX_VALUE});
    }

    @Test
    void regularScrapesAreNearlyFree() {
        int size = roundTrip(scrapes(720, 1700000000000L, 15000, 0, null));
        assertTrue(size < 20, "a perfect grid should cost a header only, got " + size);
    }

    @Test
    void jitteredScrapesCostUnderOneBytePerSample() {
        Random r = new Random(1);
        for (int n : new int[] {2, 3, 120, 480, 720, 5760}) {
            long[] ts = scrapes(n, 1700000000644L, 15000, 40, r);
            int size = roundTrip(ts);
            assertTrue(size <= n * 7 / 8 + 16, n + " jittered samples took " + size + " bytes");
        }
    }

    @Test
    void gapsAndIrregularIntervals() {
        Random r = new Random(2);
        long[] ts = scrapes(720, 1700000000000L, 15000, 40, r);
        for (int i = 300; i < 720; i++) {
            ts[i] += 25 * 60000; // an outage: 100 slots missed
        }
        for (int i = 500; i < 720; i++) {
            ts[i] += 7 * 15000;
        }
        int size = roundTrip(ts);
        assertTrue(size < 720, "gaps must not widen the packing: " + size);
        long[] irregular = new long[300];
        long t = -5_000_000;
        for (int i = 0; i < irregular.length; i++) {
            t += 1 + r.nextInt(r.nextBoolean() ? 10 : 1_000_000);
            irregular[i] = t;
        }
        roundTrip(irregular);
    }

    @Test
    void extremeAndUnorderedValues() {
        roundTrip(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, Long.MAX_VALUE});
        roundTrip(new long[] {Long.MAX_VALUE - 30000, Long.MAX_VALUE - 15000, Long.MAX_VALUE});
        roundTrip(new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 15000, Long.MIN_VALUE + 30001});
        roundTrip(new long[] {5, 5, 5, 5});
        roundTrip(new long[] {10, 9, 8, 7, -100});
        roundTrip(new long[] {-1L << 62, 0, 1L << 62});
        long[] wide = new long[70];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = Long.MIN_VALUE + i * ((1L << 58) + 12345); // increasing steps that wrap past the end
        }
        roundTrip(wide);
    }

    @Test
    void randomColumnsOfEveryWidth() {
        Random r = new Random(3);
        for (int bits = 0; bits <= 64; bits++) {
            long[] ts = new long[1 + r.nextInt(200)];
            long t = r.nextLong();
            for (int i = 0; i < ts.length; i++) {
                long step = bits == 64 ? r.nextLong() : bits == 0 ? 0 : r.nextLong() >>> (64 - bits);
                t += step;
                ts[i] = t;
            }
            roundTrip(ts);
        }
    }

    @Test
    void corruptInputFailsCleanly() {
        Random r = new Random(4);
        long[] ts = scrapes(480, 1700000000000L, 15000, 40, r);
        for (int i = 200; i < 480; i++) {
            ts[i] += 600_000;
        }
        byte[] good = encode(ts);
        long[] back = new long[ts.length];
        for (int cut = 0; cut < good.length - 1; cut++) {
            ByteInput in = new ByteInput(good, 1, cut);
            assertThrows(StorageException.Corruption.class, () -> TimestampCodec.decode(in, ts.length, back, 0),
                    "truncated to " + cut);
        }
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = good.clone();
            bad[1 + r.nextInt(Math.min(bad.length - 1, 24))] = (byte) r.nextInt(256);
            try {
                TimestampCodec.decode(new ByteInput(bad, 1, bad.length - 1), ts.length, back, 0);
            } catch (StorageException.Corruption expected) {
                // A clean error or wrong numbers, never another exception or a hang.
            }
        }
    }
}
