package dev.narthex.storage.encoding;

/**
 * Per-thread working arrays of the column codecs, so that encoding and decoding a column allocates
 * nothing per sample. The arrays grow to the largest column a thread has seen.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    long[] a = new long[0];
    long[] b = new long[0];
    long[] c = new long[0];
    byte[] flags = new byte[0];

    private Scratch() {
    }

    /** This thread's scratch arrays, each at least {@code n} long. */
    static Scratch get(int n) {
        Scratch s = LOCAL.get();
        if (s.a.length < n) {
            int cap = Math.max(n, s.a.length * 2);
            s.a = new long[cap];
            s.b = new long[cap];
            s.c = new long[cap];
            s.flags = new byte[cap];
        }
        return s;
    }
}
