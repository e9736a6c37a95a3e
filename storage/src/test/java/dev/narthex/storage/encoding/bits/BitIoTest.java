package dev.narthex.storage.encoding.bits;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteOutput;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BitIoTest {
    @Test
    void mixedWidthsRoundTrip() {
        Random r = new Random(1);
        int[] widths = new int[5000];
        long[] values = new long[widths.length];
        ByteOutput out = new ByteOutput();
        BitWriter w = new BitWriter(out);
        long totalBits = 0;
        for (int i = 0; i < widths.length; i++) {
            widths[i] = r.nextInt(65);
            values[i] = widths[i] == 64 ? r.nextLong() : widths[i] == 0 ? 0 : r.nextLong() >>> (64 - widths[i]);
            w.write(values[i], widths[i]);
            totalBits += widths[i];
        }
        w.flush();
        assertEquals((totalBits + 7) / 8, out.size());
        BitReader rd = new BitReader();
        rd.reset(out.array(), 0, out.size());
        for (int i = 0; i < widths.length; i++) {
            assertEquals(values[i], rd.read(widths[i]), "field " + i + " of width " + widths[i]);
        }
        assertEquals(out.size(), rd.bytePosition());
    }

    @Test
    void readingPastTheEndIsCorruption() {
        ByteOutput out = new ByteOutput();
        BitWriter w = new BitWriter(out);
        w.write(0x5, 3);
        w.flush();
        BitReader rd = new BitReader();
        rd.reset(out.array(), 0, out.size());
        assertEquals(0x5, rd.read(3));
        assertEquals(0, rd.read(5));
        assertThrows(StorageException.Corruption.class, () -> rd.read(1));
        assertThrows(StorageException.Corruption.class, rd::readBit);
    }

    @Test
    void zigZag() {
        long[] vs = {0, -1, 1, -2, 2, Long.MIN_VALUE, Long.MAX_VALUE};
        long[] us = {0, 1, 2, 3, 4, -1, -2};
        for (int i = 0; i < vs.length; i++) {
            assertEquals(us[i], ZigZag.encode(vs[i]));
            assertEquals(vs[i], ZigZag.decode(us[i]));
        }
    }
}
