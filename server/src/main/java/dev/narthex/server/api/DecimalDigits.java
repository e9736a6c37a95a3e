package dev.narthex.server.api;

/** Decimal digits of non-negative longs into char arrays, two at a time. Stateless and thread-safe. */
final class DecimalDigits {
    private static final long[] POW10 = new long[19];
    /** "00", "01", ..., "99" back to back. */
    private static final char[] PAIRS = new char[200];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (char) ('0' + i / 10);
            PAIRS[2 * i + 1] = (char) ('0' + i % 10);
        }
    }

    private DecimalDigits() {
    }

    /** The number of decimal digits of {@code v >= 0} (1 for 0). */
    static int count(long v) {
        // log10(2) ≈ 1233 / 4096 estimates the count from the bit length; one comparison corrects it.
        int estimate = (64 - Long.numberOfLeadingZeros(v)) * 1233 >>> 12;
        return estimate < POW10.length && v >= POW10[estimate] ? estimate + 1 : Math.max(estimate, 1);
    }

    /** Writes the {@code n = count(v)} digits of {@code v >= 0} at {@code buf[pos..pos+n)}; returns {@code pos + n}. */
    static int write(long v, int n, char[] buf, int pos) {
        int p = pos + n;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            buf[--p] = PAIRS[r + 1];
            buf[--p] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            int r = (int) v << 1;
            buf[--p] = PAIRS[r + 1];
            buf[--p] = PAIRS[r];
        } else {
            buf[--p] = (char) ('0' + v);
        }
        return pos + n;
    }
}
