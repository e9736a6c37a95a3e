package dev.narthex.storage.encoding.bits;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Patched frame-of-reference packing of a sequence of longs (the integer stage of the column codecs).
 *
 * <p>Each value is taken relative to the sequence's median {@code c} and divided by the greatest common
 * divisor {@code g} of those differences; the zig-zag of the quotient is bit-packed at one width {@code w}
 * chosen to minimise the total size, and the few values wider than {@code w} (counter resets, gaps) keep
 * their high bits in a patch list. Arithmetic wraps, so any longs round-trip. Format:
 * <pre>
 *   0x00 varint(value)                                  all values equal
 *   0x01 varint(c) uvarint(g) byte(w) uvarint(patches)
 *        ceil(n*w/8) bytes: low w bits of each zigzag((x-c)/g), least significant bit first
 *        patches x (uvarint(index - previous index), uvarint(zigzag >>> w))
 * </pre>
 * Stateless and thread-safe; callers pass scratch arrays of at least {@code n} elements.
 */
public final class PatchedInts {
    private static final int CONSTANT = 0;
    private static final int PACKED = 1;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private PatchedInts() {
    }

    /**
     * Appends the encoding of {@code v[off..off+n)} to {@code out}; {@code n} must be positive.
     * {@code scratch} is overwritten.
     */
    public static void encode(long[] v, int off, int n, long[] scratch, ByteOutput out) {
        Plan p = plan(v, off, n, scratch);
        if (p == null) {
            out.writeByte(CONSTANT);
            out.writeVarint(v[off]);
            return;
        }
        out.writeByte(PACKED);
        out.writeVarint(p.center);
        out.writeUvarint(p.gcd);
        out.writeByte(p.width);
        out.writeUvarint(p.patches);
        BitWriter w = new BitWriter(out);
        int width = p.width;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        for (int i = 0; i < n; i++) {
            w.write(scratch[i] & mask, width);
        }
        w.flush();
        if (p.patches > 0) {
            int last = 0;
            for (int i = 0; i < n; i++) {
                long high = scratch[i] >>> width;
                if (high != 0) {
                    out.writeUvarint(i - last);
                    out.writeUvarint(high);
                    last = i;
                }
            }
        }
    }

    /**
     * The encoded size in bytes of {@code v[off..off+n)}, exact but for patch positions (counted as one
     * byte each); {@code scratch} is overwritten.
     */
    public static long size(long[] v, int off, int n, long[] scratch) {
        Plan p = plan(v, off, n, scratch);
        if (p == null) {
            return 1 + varintLength(ZigZag.encode(v[off]));
        }
        return 1 + varintLength(ZigZag.encode(p.center)) + varintLength(p.gcd) + 1 + varintLength(p.patches)
                + p.bytes;
    }

    /** Decodes {@code n} values into {@code dst[dOff..]}; corrupt input throws StorageException.Corruption. */
    public static void decode(ByteInput in, int n, long[] dst, int dOff) {
        decodePrefix(in, n, n, dst, dOff);
    }

    /**
     * Decodes the first {@code k} ({@code 0 <= k <= n}) of the {@code n} values of an encoding into
     * {@code dst[dOff..dOff+k)} and leaves {@code in} after the whole encoding, as {@link #decode} does:
     * point reads that need a column only up to some index skip unpacking the rest. The header and every
     * patch are still checked; corrupt input throws StorageException.Corruption.
     */
    public static void decodePrefix(ByteInput in, int n, int k, long[] dst, int dOff) {
        int tag = in.readByte();
        if (tag == CONSTANT) {
            Arrays.fill(dst, dOff, dOff + k, in.readVarint());
            return;
        }
        if (tag != PACKED) {
            throw new StorageException.Corruption("bad packed integer tag " + tag + " at offset " + in.position());
        }
        long center = in.readVarint();
        long gcd = in.readUvarint();
        int width = in.readByte();
        long patches = in.readUvarint();
        int bytes = packedBytes(in, n, gcd, width, patches);
        unpack(in.array(), in.position(), bytes, k, width, dst, dOff);
        in.skip(bytes);
        int at = 0;
        for (long j = 0; j < patches; j++) {
            long step = in.readUvarint();
            if (step > n - at || (j > 0 && step == 0) || width == 64) {
                throw new StorageException.Corruption("bad patch position at offset " + in.position());
            }
            at += (int) step;
            if (at >= n) {
                throw new StorageException.Corruption("bad patch position at offset " + in.position());
            }
            long high = in.readUvarint();
            if (at < k) {
                dst[dOff + at] |= high << width;
            }
        }
        if (gcd == 1) {
            for (int i = dOff; i < dOff + k; i++) {
                dst[i] = center + ZigZag.decode(dst[i]);
            }
        } else {
            for (int i = dOff; i < dOff + k; i++) {
                dst[i] = center + ZigZag.decode(dst[i]) * gcd;
            }
        }
    }

    /**
     * Moves {@code in} past an encoding of {@code n} values without decoding them, checking the header as
     * {@link #decode} does; corrupt input throws StorageException.Corruption.
     */
    public static void skip(ByteInput in, int n) {
        int tag = in.readByte();
        if (tag == CONSTANT) {
            in.readVarint();
            return;
        }
        if (tag != PACKED) {
            throw new StorageException.Corruption("bad packed integer tag " + tag + " at offset " + in.position());
        }
        in.readVarint();
        long gcd = in.readUvarint();
        int width = in.readByte();
        long patches = in.readUvarint();
        in.skip(packedBytes(in, n, gcd, width, patches));
        for (long k = 0; k < patches; k++) {
            in.readUvarint();
            in.readUvarint();
        }
    }

    /** Checks a packed header against {@code n} values and the bytes left; returns the packed fields' length in bytes. */
    private static int packedBytes(ByteInput in, int n, long gcd, int width, long patches) {
        if (width > 64 || gcd == 0 || patches > n) {
            throw new StorageException.Corruption("bad packed integer header at offset " + in.position());
        }
        long bits = (long) n * width;
        if (bits > 8L * in.remaining()) {
            throw new StorageException.Corruption("packed integers run past the end at offset " + in.position());
        }
        return (int) ((bits + 7) >>> 3);
    }

    /**
     * Unpacks {@code n} fields of {@code width} bits from {@code buf[off..off+len)}. Fields of up to 56 bits
     * are read with one unaligned little-endian 8-byte load each while 8 bytes remain; the tail and wider
     * fields go through {@link BitReader}.
     */
    private static void unpack(byte[] buf, int off, int len, int n, int width, long[] dst, int dOff) {
        int i = 0;
        if (width <= 56) {
            long mask = (1L << width) - 1;
            long bitPos = 0;
            int end = off + len - 8;
            for (; i < n; i++) {
                int at = off + (int) (bitPos >>> 3);
                if (at > end) {
                    break;
                }
                dst[dOff + i] = ((long) LONG_LE.get(buf, at) >>> (bitPos & 7)) & mask;
                bitPos += width;
            }
        }
        if (i < n) {
            BitReader r = new BitReader();
            long bitPos = (long) i * width;
            r.reset(buf, off + (int) (bitPos >>> 3), len - (int) (bitPos >>> 3));
            r.read((int) (bitPos & 7));
            for (; i < n; i++) {
                dst[dOff + i] = r.read(width);
            }
        }
    }

    /** The packing parameters; {@code scratch[0..n)} holds the zig-zagged quotients. Null when constant. */
    private static Plan plan(long[] v, int off, int n, long[] scratch) {
        long first = v[off];
        boolean constant = true;
        for (int i = off + 1; i < off + n && constant; i++) {
            constant = v[i] == first;
        }
        if (constant) {
            return null;
        }
        long center = Median.of(v, off, n, scratch);
        long gcd = 0;
        for (int i = 0; i < n && gcd != 1; i++) {
            long d = v[off + i] - center;
            gcd = d == Long.MIN_VALUE ? 1 : gcd(gcd, Math.abs(d));
        }
        int[] hist = new int[65];
        for (int i = 0; i < n; i++) {
            long z = ZigZag.encode((v[off + i] - center) / gcd);
            scratch[i] = z;
            hist[64 - Long.numberOfLeadingZeros(z)]++;
        }
        // Total bits at width w: n*w plus, for each wider value, a position byte and its high bits in
        // 7-bit varint groups.
        int maxBits = 64;
        while (hist[maxBits] == 0) {
            maxBits--;
        }
        long bestBits = Long.MAX_VALUE;
        int bestWidth = maxBits;
        int bestPatches = 0;
        for (int w = maxBits; w >= 0; w--) {
            long bits = (long) n * w;
            int patches = 0;
            for (int b = w + 1; b <= maxBits; b++) {
                if (hist[b] != 0) {
                    bits += (long) hist[b] * (8 + 8 * ((b - w + 6) / 7));
                    patches += hist[b];
                }
            }
            if (bits < bestBits) {
                bestBits = bits;
                bestWidth = w;
                bestPatches = patches;
            }
        }
        return new Plan(center, gcd, bestWidth, bestPatches, (bestBits + 7) >>> 3);
    }

    private record Plan(long center, long gcd, int width, int patches, long bytes) {
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static int varintLength(long u) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(u) + 6) / 7);
    }
}
