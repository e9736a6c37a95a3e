package dev.narthex.storage.encoding;

/**
 * Encodes a column of float64 values for block chunk files, losslessly (every bit pattern, NaN payloads
 * and the stale marker included). Stateless and thread-safe.
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    /** Appends the encoding of {@code vs[from..to)} to {@code out}. */
    public static void encode(double[] vs, int from, int to, ByteOutput out) {
        for (int i = from; i < to; i++) {
            out.writeLongLE(Double.doubleToRawLongBits(vs[i]));
        }
    }

    /** Decodes {@code count} values from {@code in} into {@code out[outOff..]}. */
    public static void decode(ByteInput in, int count, double[] out, int outOff) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = Double.longBitsToDouble(in.readLongLE());
        }
    }
}
