package dev.narthex.storage.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.StorageException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteInputTest {
    @Test
    void varintsAndLongsRoundTripFarFromAndNearTheEnd() {
        Random r = new Random(9);
        long[] values = new long[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 5) {
                case 0 -> r.nextInt(128);
                case 1 -> r.nextLong();
                case 2 -> -1L;
                case 3 -> Long.MIN_VALUE;
                default -> r.nextLong() >>> r.nextInt(64);
            };
        }
        ByteOutput out = new ByteOutput();
        for (long v : values) {
            out.writeUvarint(v);
            out.writeVarint(v);
            out.writeLongLE(v);
        }
        byte[] b = out.toByteArray();
        // The last values are read with fewer than 10 bytes left, the others with plenty.
        ByteInput in = new ByteInput(b, 0, b.length);
        for (long v : values) {
            assertEquals(v, in.readUvarint());
            assertEquals(v, in.readVarint());
            assertEquals(v, in.readLongLE());
        }
        assertEquals(0, in.remaining());
    }

    @Test
    void overlongAndTruncatedVarintsAreCorruption() {
        byte[] overlong = new byte[16];
        Arrays.fill(overlong, (byte) 0x80);
        assertThrows(StorageException.Corruption.class, () -> new ByteInput(overlong, 0, 16).readUvarint());
        byte[] truncated = {(byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertThrows(StorageException.Corruption.class, () -> new ByteInput(truncated, 0, 3).readUvarint());
        // A region ending before the array does: the varint may not run past the region's limit.
        byte[] region = new byte[20];
        Arrays.fill(region, (byte) 0x81);
        region[12] = 1;
        assertThrows(StorageException.Corruption.class, () -> new ByteInput(region, 0, 5).readUvarint());
        assertThrows(StorageException.Corruption.class, () -> new ByteInput(region, 0, 20).readUvarint());
        assertThrows(StorageException.Corruption.class, () -> new ByteInput(region, 0, 7).readLongLE());
        assertEquals(0x8181818181818181L, new ByteInput(region, 0, 8).readLongLE());
    }
}
