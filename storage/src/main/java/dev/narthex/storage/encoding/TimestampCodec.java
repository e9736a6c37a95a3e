package dev.narthex.storage.encoding;

/**
 * Encodes a column of increasing millisecond timestamps for block chunk files.
 * Stateless and thread-safe.
 */
public final class TimestampCodec {
    private TimestampCodec() {
    }

    /** Appends the encoding of {@code ts[from..to)} to {@code out}. */
    public static void encode(long[] ts, int from, int to, ByteOutput out) {
        for (int i = from; i < to; i++) {
            out.writeLongLE(ts[i]);
        }
    }

    /** Decodes {@code count} timestamps from {@code in} into {@code out[outOff..]}. */
    public static void decode(ByteInput in, int count, long[] out, int outOff) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = in.readLongLE();
        }
    }
}
