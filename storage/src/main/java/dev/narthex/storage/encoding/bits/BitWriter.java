package dev.narthex.storage.encoding.bits;

import dev.narthex.storage.encoding.ByteOutput;

/**
 * Appends bit fields, least significant bit first, to a {@link ByteOutput}. Call {@link #flush()} to write
 * the last partial byte (padded with zero bits). Not thread-safe; reusable with {@link #reset(ByteOutput)}.
 */
public final class BitWriter {
    private ByteOutput out;
    private long acc;
    private int bits;

    public BitWriter(ByteOutput out) {
        reset(out);
    }

    public void reset(ByteOutput out) {
        this.out = out;
        acc = 0;
        bits = 0;
    }

    /** Writes the low {@code width} bits of {@code v} (0 to 64); the caller clears the bits above width. */
    public void write(long v, int width) {
        if (width == 0) {
            return;
        }
        acc |= v << bits;
        int total = bits + width;
        if (total >= 64) {
            out.writeLongLE(acc);
            int consumed = 64 - bits;
            acc = consumed == 64 ? 0 : v >>> consumed;
            bits = total - 64;
        } else {
            bits = total;
        }
    }

    /** Writes the buffered bits, padding the last byte with zeros; later writes start byte-aligned. */
    public void flush() {
        while (bits > 0) {
            out.writeByte((int) acc);
            acc >>>= 8;
            bits -= 8;
        }
        acc = 0;
        bits = 0;
    }
}
