package dev.narthex.storage.encoding;

/**
 * Per-thread working arrays of the column codecs, so that encoding and decoding a column allocates
 * nothing per sample. The cached arrays grow to the largest column a thread has seen, up to
 * {@link #MAX_CACHED} samples; larger columns get arrays of their own, so that one huge column does not pin
 * memory in every thread that ever touched it.
 */
final class Scratch {
    static final int MAX_CACHED = 1 << 16;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(() -> new Scratch(256));

    final long[] a;
    final long[] b;
    final long[] c;
    final byte[] flags;
    /** Decoded values of a column read only for its stale markers. */
    final double[] values;

    private Scratch(int capacity) {
        a = new long[capacity];
        b = new long[capacity];
        c = new long[capacity];
        flags = new byte[capacity];
        values = new double[capacity];
    }

    /** Scratch arrays, each at least {@code n} long, for use by the calling thread only. */
    static Scratch get(int n) {
        Scratch s = LOCAL.get();
        if (s.a.length >= n) {
            return s;
        }
        if (n > MAX_CACHED) {
            return new Scratch(n);
        }
        s = new Scratch(Math.min(MAX_CACHED, Math.max(n, s.a.length * 2)));
        LOCAL.set(s);
        return s;
    }
}
