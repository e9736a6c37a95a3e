package dev.narthex.storage.encoding.bits;

import dev.narthex.storage.StorageException;

/**
 * Reads bit fields, least significant bit first, from a byte array region written by {@link BitWriter}.
 * Reading past the region throws {@link StorageException.Corruption}. Not thread-safe; reusable with
 * {@link #reset(byte[], int, int)}.
 */
public final class BitReader {
    private byte[] buf;
    private int pos;
    private int limit;
    private long acc;
    private int bits;

    public BitReader() {
        buf = new byte[0];
    }

    public void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
        acc = 0;
        bits = 0;
    }

    /** Reads {@code width} bits (0 to 64) as an unsigned value. */
    public long read(int width) {
        if (width <= bits) {
            if (width == 64) {
                long r = acc;
                acc = 0;
                bits = 0;
                return r;
            }
            long r = acc & ((1L << width) - 1);
            acc >>>= width;
            bits -= width;
            return r;
        }
        long lo = acc;
        int got = bits;
        fill();
        int rest = width - got;
        if (rest > bits) {
            throw new StorageException.Corruption("bit stream ends early at offset " + pos);
        }
        long hi;
        if (rest == 64) {
            hi = acc;
            acc = 0;
        } else {
            hi = acc & ((1L << rest) - 1);
            acc >>>= rest;
        }
        bits -= rest;
        return lo | (hi << got);
    }

    /** Reads one bit. */
    public boolean readBit() {
        if (bits == 0) {
            fill();
            if (bits == 0) {
                throw new StorageException.Corruption("bit stream ends early at offset " + pos);
            }
        }
        boolean b = (acc & 1) != 0;
        acc >>>= 1;
        bits--;
        return b;
    }

    /** The offset just past the last byte this reader has consumed (partially read bytes count as read). */
    public int bytePosition() {
        return pos - (bits >>> 3);
    }

    private void fill() {
        int n = Math.min(8, limit - pos);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (buf[pos + i] & 0xFFL) << (8 * i);
        }
        pos += n;
        acc = v;
        bits = 8 * n;
    }
}
