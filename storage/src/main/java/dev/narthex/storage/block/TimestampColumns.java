package dev.narthex.storage.block;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds repeated encoded timestamp columns while a block is written, so that each distinct column is stored
 * once: the first occurrence stays inline in its piece, later equal ones refer to it as a shared column.
 * Columns are recognised by a 64-bit hash of their bytes and confirmed by comparing the bytes, so a hash
 * collision never merges different columns. At most {@code maxBytes} of column bytes are remembered; later
 * columns are then stored inline only. Not thread-safe.
 */
final class TimestampColumns {
    private final long maxBytes;
    private final Map<Long, Integer> firstByHash = new HashMap<>();
    private long rememberedBytes;
    private int count;
    private byte[][] bytes = new byte[64][];
    private int[] next = new int[64];      // next remembered column with the same hash, or -1
    private int[] frame = new int[64];
    private int[] offset = new int[64];
    private int[] sharedId = new int[64];  // -1 until a second occurrence makes the column shared
    private int[] sharedColumns = new int[64];
    private int sharedCount;

    TimestampColumns(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The shared column id of an earlier column equal to {@code b[off, off+len)}, or -1 when the column is
     * new; a new column is remembered as lying at {@code (frameIndex, off)} of the chunk frames.
     */
    int find(byte[] b, int off, int len, int frameIndex) {
        long h = hash(b, off, len);
        Integer first = firstByHash.get(h);
        for (int c = first == null ? -1 : first; c >= 0; c = next[c]) {
            if (Arrays.equals(bytes[c], 0, bytes[c].length, b, off, off + len)) {
                return share(c);
            }
        }
        if (rememberedBytes + len > maxBytes) {
            return -1;
        }
        if (count == bytes.length) {
            int n = count * 2;
            bytes = Arrays.copyOf(bytes, n);
            next = Arrays.copyOf(next, n);
            frame = Arrays.copyOf(frame, n);
            offset = Arrays.copyOf(offset, n);
            sharedId = Arrays.copyOf(sharedId, n);
        }
        int c = count++;
        bytes[c] = Arrays.copyOfRange(b, off, off + len);
        next[c] = first == null ? -1 : first;
        frame[c] = frameIndex;
        offset[c] = off;
        sharedId[c] = -1;
        firstByHash.put(h, c);
        rememberedBytes += len;
        return -1;
    }

    private int share(int c) {
        if (sharedId[c] < 0) {
            if (sharedCount == sharedColumns.length) {
                sharedColumns = Arrays.copyOf(sharedColumns, sharedCount * 2);
            }
            sharedId[c] = sharedCount;
            sharedColumns[sharedCount++] = c;
        }
        return sharedId[c];
    }

    int sharedCount() {
        return sharedCount;
    }

    int frame(int shared) {
        return frame[sharedColumns[shared]];
    }

    int offset(int shared) {
        return offset[sharedColumns[shared]];
    }

    int length(int shared) {
        return bytes[sharedColumns[shared]].length;
    }

    private static long hash(byte[] b, int off, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        return h;
    }
}
