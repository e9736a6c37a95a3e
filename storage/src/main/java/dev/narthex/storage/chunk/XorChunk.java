package dev.narthex.storage.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A Gorilla-style chunk of float samples: delta-of-delta timestamps and XOR-compressed value bits,
 * the encoding of Prometheus's {@code chunkenc/xor.go}, written here as a bit stream.
 *
 * <p>Layout: first timestamp as a zig-zag varint (8-bit groups), first value as 64 raw bits; second
 * timestamp as an unsigned varint delta; then per sample a delta-of-delta in one of five buckets
 * ({@code 0}, {@code 10}+14 bits, {@code 110}+17, {@code 1110}+20, {@code 1111}+64) and the XOR of the
 * raw value bits with the previous one ({@code 0} when equal, {@code 10} + meaningful bits inside the
 * previous window, {@code 11} + 5 bits of leading zeros + 6 bits of length + the bits). Values are
 * compared by raw bits, so every NaN payload (and the stale marker) survives exactly.
 *
 * <p>Timestamps must strictly increase; the caller checks that. Not thread-safe: the head guards each
 * chunk with its series' lock.
 */
public final class XorChunk {
    /** Samples after which the head cuts a new chunk, as Prometheus does. */
    public static final int MAX_SAMPLES = 120;
    /** Bytes a chunk starts with when nothing better is known: about 20 samples of a slowly changing series. */
    public static final int INITIAL_CAPACITY = 32;

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    // Every open chunk of the head is one of these: narrow fields keep it at 48 bytes, and the first
    // timestamp is read back from the stream rather than kept twice.
    private byte[] data;
    private int bitLen;
    private char count;
    private byte leading = -1;
    private byte trailing;
    private long maxT;
    private long prevDelta;
    private long prevBits;

    public XorChunk() {
        this(INITIAL_CAPACITY);
    }

    /** A chunk whose buffer starts at {@code capacityBytes} (at least 16) and grows by half when full. */
    public XorChunk(int capacityBytes) {
        data = new byte[Math.max(16, capacityBytes)];
    }

    public int numSamples() {
        return count;
    }

    /** Timestamp of the first sample (decoded from the stream's head); undefined while empty. */
    public long minTime() {
        long z = 0;
        for (int i = 0, shift = 0; i < data.length; i++, shift += 7) {
            byte b = data[i];
            z |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        return (z >>> 1) ^ -(z & 1);
    }

    /** Timestamp of the last sample; undefined while empty. */
    public long maxTime() {
        return maxT;
    }

    /** Raw bits of the last value; undefined while empty. */
    public long lastValueBits() {
        return prevBits;
    }

    /** Encoded size in bytes. */
    public int sizeBytes() {
        return (bitLen + 7) >>> 3;
    }

    /** The backing bytes, valid up to {@link #sizeBytes()}; read only. */
    public byte[] bytes() {
        return data;
    }

    /**
     * Appends a sample whose timestamp is greater than {@link #maxTime()} (or any, when empty).
     *
     * @throws IllegalStateException past 65,535 samples (the head cuts chunks at {@link #MAX_SAMPLES})
     */
    public void append(long t, double v) {
        if (count == Character.MAX_VALUE) {
            throw new IllegalStateException("XOR chunk full at " + (int) count + " samples");
        }
        long bits = Double.doubleToRawLongBits(v);
        if (count == 0) {
            writeVarint((t << 1) ^ (t >> 63));
            writeBits(bits, 64);
        } else if (count == 1) {
            long delta = t - maxT;
            writeVarint(delta);
            writeValue(bits);
            prevDelta = delta;
        } else {
            long delta = t - maxT;
            writeDod(delta - prevDelta);
            writeValue(bits);
            prevDelta = delta;
        }
        maxT = t;
        prevBits = bits;
        count++;
    }

    /**
     * Once no more samples will be appended: shrinks the backing array to the encoded size when more
     * than an eighth of it is unused (a smaller slack is not worth a copy).
     */
    public void trim() {
        int n = sizeBytes();
        if (data.length - n > data.length >>> 3) {
            data = Arrays.copyOf(data, Math.max(1, n));
        }
    }

    private void writeDod(long dod) {
        if (dod == 0) {
            writeBits(0, 1);
        } else if (fits(dod, 14)) {
            writeBits(0b10, 2);
            writeBits(dod, 14);
        } else if (fits(dod, 17)) {
            writeBits(0b110, 3);
            writeBits(dod, 17);
        } else if (fits(dod, 20)) {
            writeBits(0b1110, 4);
            writeBits(dod, 20);
        } else {
            writeBits(0b1111, 4);
            writeBits(dod, 64);
        }
    }

    /** Whether {@code x} is in {@code [-(2^(n-1) - 1), 2^(n-1)]}, the range an n-bit bucket decodes. */
    static boolean fits(long x, int n) {
        long half = 1L << (n - 1);
        return x >= -(half - 1) && x <= half;
    }

    private void writeValue(long bits) {
        long xor = bits ^ prevBits;
        if (xor == 0) {
            writeBits(0, 1);
            return;
        }
        int lead = Math.min(31, Long.numberOfLeadingZeros(xor));
        int trail = Long.numberOfTrailingZeros(xor);
        if (leading >= 0 && lead >= leading && trail >= trailing) {
            writeBits(0b10, 2);
            writeBits(xor >>> trailing, 64 - leading - trailing);
            return;
        }
        int sig = 64 - lead - trail;
        writeBits(0b11, 2);
        writeBits(lead, 5);
        writeBits(sig & 63, 6); // 64 significant bits are written as 0: a length of 0 never occurs
        writeBits(xor >>> trail, sig);
        leading = (byte) lead;
        trailing = (byte) trail;
    }

    private void writeVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            writeBits((v & 0x7F) | 0x80, 8);
            v >>>= 7;
        }
        writeBits(v, 8);
    }

    private void writeBits(long v, int n) {
        if (n > 56) {
            writeBits(v >>> 32, n - 32);
            writeBits(v & 0xFFFFFFFFL, 32);
            return;
        }
        int idx = bitLen >>> 3;
        int end = (bitLen + n + 7) >>> 3;
        if (end > data.length) {
            // Half again, not double: an open chunk's slack is memory held by every series.
            data = Arrays.copyOf(data, (Math.max(end, data.length + (data.length >>> 1)) + 7) & ~7);
        }
        // The bits after bitLen are zero: OR the value into the big-endian word at the current byte.
        long shifted = (v & ((1L << n) - 1)) << (64 - n - (bitLen & 7));
        if (idx + 8 <= data.length) {
            WORD.set(data, idx, (long) WORD.get(data, idx) | shifted);
        } else {
            for (int k = idx; k < end; k++) { // the last bytes of a buffer sized to what it holds
                data[k] |= (byte) (shifted >>> (56 - 8 * (k - idx)));
            }
        }
        bitLen += n;
    }
}
