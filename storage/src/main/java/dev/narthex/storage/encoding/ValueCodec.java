package dev.narthex.storage.encoding;

import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.bits.PatchedInts;

/**
 * Encodes a column of float64 values for block chunk files, losslessly (every bit pattern, NaN payloads
 * and the stale marker included). Stateless and thread-safe.
 *
 * <p>Decimal-shaped values (what scrapes of text exposition produce) become integer mantissas with one
 * decimal exponent per column, verified to decode bit-exactly with a single IEEE multiply or divide; values
 * that do not (NaN, ±Inf, -0.0, long binary fractions) are stored raw as exceptions. The mantissas, or
 * their first or second differences, go through {@link PatchedInts}. Columns that are mostly not decimal
 * use Gorilla XOR instead. The byte format is in {@code docs/storage-format.md}, "Column encodings".
 */
public final class ValueCodec {
    private static final int DECIMAL = 1;
    private static final int XOR = 2;
    private static final int MAX_EXP = 22;
    private static final long MAX_MANTISSA = 1L << 53;
    /** Values examined before a column that is mostly non-decimal is handed to XOR outright. */
    private static final int MIN_PROBE = 32;
    private static final double[] POW10 = new double[MAX_EXP + 1];
    private static final long[] LPOW10 = new long[19];

    static {
        double p = 1;
        for (int i = 0; i <= MAX_EXP; i++) {
            POW10[i] = p;
            p *= 10;
        }
        long l = 1;
        for (int i = 0; i < LPOW10.length; i++) {
            LPOW10[i] = l;
            l *= 10;
        }
    }

    private ValueCodec() {
    }

    /** Appends the encoding of {@code vs[from..to)} to {@code out}. */
    public static void encode(double[] vs, int from, int to, ByteOutput out) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        Scratch scratch = Scratch.get(n);
        long[] m = scratch.a;
        byte[] scale = scratch.flags;
        int s = 0;
        int exceptions = 0;
        for (int i = 0; i < n; i++) {
            double v = vs[from + i];
            long bits = Double.doubleToRawLongBits(v);
            int si = s;
            long mi = Long.MIN_VALUE;
            if (Double.isFinite(v) && bits != Long.MIN_VALUE) {
                for (; si <= MAX_EXP; si++) {
                    double r = Math.rint(v * POW10[si]);
                    if (Math.abs(r) < MAX_MANTISSA && Double.doubleToRawLongBits(r / POW10[si]) == bits) {
                        mi = (long) r;
                        break;
                    }
                }
            }
            if (mi == Long.MIN_VALUE) {
                exceptions++;
                scale[i] = -1;
                if (i >= MIN_PROBE && exceptions * 2 > i) {
                    // Mostly not decimals (computed ratios, rates): stop searching scales, use XOR.
                    writeXor(vs, from, to, out);
                    return;
                }
            } else {
                m[i] = mi;
                scale[i] = (byte) si;
                s = si;
            }
        }
        // Bring every mantissa to the common scale s; an overflow makes the value an exception.
        for (int i = 0; i < n; i++) {
            if (scale[i] >= 0 && scale[i] != s) {
                int k = s - scale[i];
                long mi = m[i];
                if (k >= LPOW10.length || Math.abs(mi) >= MAX_MANTISSA / LPOW10[k]) {
                    scale[i] = -1;
                    exceptions++;
                } else {
                    m[i] = mi * LPOW10[k];
                }
            }
        }
        int e = -s;
        if (e == 0) {
            e = stripTrailingZeros(m, scale, n);
        }
        // Verify that each value decodes bit-exactly; fill exception slots with the previous mantissa.
        long prev = 0;
        boolean seen = false;
        for (int i = 0; i < n; i++) {
            if (scale[i] >= 0) {
                if (Double.doubleToRawLongBits(decodeOne(m[i], e)) != Double.doubleToRawLongBits(vs[from + i])) {
                    scale[i] = -1;
                    exceptions++;
                } else {
                    if (!seen) {
                        for (int j = 0; j < i; j++) {
                            m[j] = m[i];
                        }
                        seen = true;
                    }
                    prev = m[i];
                    continue;
                }
            }
            m[i] = prev;
        }
        int start = out.size();
        writeDecimal(vs, from, n, m, scale, e, exceptions, scratch, out);
        if (exceptions > n / 8) {
            // Many values are not short decimals: Gorilla XOR may do better; keep whichever is smaller.
            ByteOutput xor = new ByteOutput(out.size() - start + 16);
            writeXor(vs, from, to, xor);
            if (xor.size() < out.size() - start) {
                out.truncate(start);
                out.writeBytes(xor.array(), 0, xor.size());
            }
        }
    }

    private static void writeXor(double[] vs, int from, int to, ByteOutput out) {
        out.writeByte(XOR);
        GorillaXor.encode(vs, from, to, out);
    }

    private static int stripTrailingZeros(long[] m, byte[] scale, int n) {
        int e = 0;
        while (e < MAX_EXP) {
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (scale[i] >= 0) {
                    if (m[i] % 10 != 0) {
                        return e;
                    }
                    any |= m[i] != 0;
                }
            }
            if (!any) {
                return e;
            }
            for (int i = 0; i < n; i++) {
                if (scale[i] >= 0) {
                    m[i] /= 10;
                }
            }
            e++;
        }
        return e;
    }

    private static double decodeOne(long m, int e) {
        return e >= 0 ? (double) m * POW10[e] : (double) m / POW10[-e];
    }

    private static void writeDecimal(double[] vs, int from, int n, long[] m, byte[] scale, int e, int exceptions,
                                     Scratch scratch, ByteOutput out) {
        out.writeByte(DECIMAL);
        out.writeByte(e + MAX_EXP);
        // Choose the difference order (mantissas, deltas, deltas of deltas) that packs smallest: gauges
        // tend to order 0 or 1, counters to 1, steady ramps to 2.
        long[] d = scratch.b;
        System.arraycopy(m, 0, d, 0, n);
        int bestOrder = 0;
        long bestSize = PatchedInts.size(d, 0, n, scratch.c);
        for (int order = 1; order <= 2 && order < n; order++) {
            for (int i = n - 1; i >= order; i--) {
                d[i] -= d[i - 1];
            }
            long size = PatchedInts.size(d, order, n - order, scratch.c) + 2L * order;
            if (size < bestSize) {
                bestSize = size;
                bestOrder = order;
            }
        }
        out.writeByte(bestOrder);
        System.arraycopy(m, 0, d, 0, n);
        for (int order = 1; order <= bestOrder; order++) {
            for (int i = n - 1; i >= order; i--) {
                d[i] -= d[i - 1];
            }
        }
        for (int i = 0; i < bestOrder; i++) {
            out.writeVarint(d[i]);
        }
        if (n > bestOrder) {
            PatchedInts.encode(d, bestOrder, n - bestOrder, scratch.c, out);
        }
        out.writeUvarint(exceptions);
        int last = 0;
        for (int i = 0; i < n; i++) {
            if (scale[i] < 0) {
                out.writeUvarint(i - last);
                last = i;
                out.writeLongLE(Double.doubleToRawLongBits(vs[from + i]));
            }
        }
    }

    /** Decodes {@code count} values from {@code in} into {@code out[outOff..]}. */
    public static void decode(ByteInput in, int count, double[] out, int outOff) {
        decodePrefix(in, count, count, out, outOff);
    }

    /**
     * Decodes the first {@code k} ({@code 0 <= k <= count}) of the {@code count} values of a column into
     * {@code out[outOff..outOff+k)}, exactly as {@link #decode} would, for point reads that need the column
     * only up to the last sample of their window. {@code in} is left at an unspecified position.
     */
    public static void decodePrefix(ByteInput in, int count, int k, double[] out, int outOff) {
        if (k == 0) {
            return;
        }
        int tag = in.readByte();
        if (tag == XOR) {
            GorillaXor.decode(in, k, out, outOff);
            return;
        }
        int e = decimalHeader(in, tag, count);
        int order = differenceOrder(in, count);
        long[] x = Scratch.get(count).a;
        for (int i = 0; i < order; i++) {
            x[i] = in.readVarint();
        }
        if (count > order) {
            PatchedInts.decodePrefix(in, count - order, Math.max(0, k - order), x, order);
        }
        for (int d = order; d >= 1; d--) {
            for (int i = d; i < k; i++) {
                x[i] += x[i - 1];
            }
        }
        if (e >= 0) {
            double p = POW10[e];
            for (int i = 0; i < k; i++) {
                out[outOff + i] = (double) x[i] * p;
            }
        } else {
            double p = POW10[-e];
            for (int i = 0; i < k; i++) {
                out[outOff + i] = (double) x[i] / p;
            }
        }
        readExceptions(in, count, k, out, outOff);
    }

    /**
     * The positions of the column's stale markers, ascending, in {@code positions[0..n)} ({@code positions}
     * holds at least {@code count}); returns n. For readers that need presence, not values, such as
     * {@code count}: a decimal column costs its header and exception list instead of its mantissa sequence
     * (only raw values are ever stale markers); an XOR column is decoded.
     */
    public static int staleMarkers(ByteInput in, int count, int[] positions) {
        if (count == 0) {
            return 0;
        }
        int tag = in.readByte();
        if (tag == XOR) {
            double[] values = Scratch.get(count).values;
            GorillaXor.decode(in, count, values, 0);
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (StaleNaN.is(values[i])) {
                    positions[n++] = i;
                }
            }
            return n;
        }
        decimalHeader(in, tag, count);
        int order = differenceOrder(in, count);
        for (int i = 0; i < order; i++) {
            in.readVarint();
        }
        if (count > order) {
            PatchedInts.skip(in, count - order);
        }
        long exceptions = in.readUvarint();
        if (exceptions > count) {
            throw new StorageException.Corruption("bad exception count " + exceptions);
        }
        int n = 0;
        int at = 0;
        for (long j = 0; j < exceptions; j++) {
            at += (int) in.readUvarint();
            if (at < 0 || at >= count) {
                throw new StorageException.Corruption("bad exception index " + at);
            }
            boolean stale = StaleNaN.is(Double.longBitsToDouble(in.readLongLE()));
            // A repeated position overrides the one before it, as in a full decode.
            if (n > 0 && positions[n - 1] == at) {
                n -= stale ? 0 : 1;
            } else if (stale) {
                positions[n++] = at;
            }
        }
        return n;
    }

    /** Checks the tag and reads the exponent of a decimal column. */
    private static int decimalHeader(ByteInput in, int tag, int count) {
        if (tag != DECIMAL) {
            throw new StorageException.Corruption("bad value column tag " + tag);
        }
        int e = in.readByte() - MAX_EXP;
        if (e < -MAX_EXP || e > MAX_EXP) {
            throw new StorageException.Corruption("bad decimal value column header");
        }
        return e;
    }

    /** Reads how many times a decimal column's mantissas were differenced (0 to 2, at most {@code count}). */
    private static int differenceOrder(ByteInput in, int count) {
        int order = in.readByte();
        if (order > 2 || order > count) {
            throw new StorageException.Corruption("bad decimal value column header");
        }
        return order;
    }

    /** The raw values stored as exceptions of a decimal column, written over their slots below {@code k}. */
    private static void readExceptions(ByteInput in, int count, int k, double[] out, int outOff) {
        long exceptions = in.readUvarint();
        if (exceptions > count) {
            throw new StorageException.Corruption("bad exception count " + exceptions);
        }
        int at = 0;
        for (long j = 0; j < exceptions; j++) {
            at += (int) in.readUvarint();
            if (at < 0 || at >= count) {
                throw new StorageException.Corruption("bad exception index " + at);
            }
            long bits = in.readLongLE();
            if (at < k) {
                out[outOff + at] = Double.longBitsToDouble(bits);
            }
        }
    }
}
