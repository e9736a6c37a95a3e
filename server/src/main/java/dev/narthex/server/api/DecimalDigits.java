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
        // Eight digits per long division, then int arithmetic in a shallow tree: dividing by 100 all the way
        // would chain every digit pair on the previous division.
        while (v >= 100_000_000) {
            long q = v / 100_000_000;
            p -= 8;
            writeEight((int) (v - q * 100_000_000), buf, p);
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = (w - q * 100) << 1;
            buf[--p] = PAIRS[r + 1];
            buf[--p] = PAIRS[r];
            w = q;
        }
        if (w >= 10) {
            int r = w << 1;
            buf[--p] = PAIRS[r + 1];
            buf[--p] = PAIRS[r];
        } else {
            buf[--p] = (char) ('0' + w);
        }
        return pos + n;
    }

    /** Exactly eight digits of {@code 0 <= v < 10^8}, zero-padded, at {@code buf[at..at+8)}. */
    private static void writeEight(int v, char[] buf, int at) {
        int high = v / 10_000;
        writeFour(high, buf, at);
        writeFour(v - high * 10_000, buf, at + 4);
    }

    private static void writeFour(int v, char[] buf, int at) {
        int high = v / 100;
        int h = high << 1;
        int l = (v - high * 100) << 1;
        buf[at] = PAIRS[h];
        buf[at + 1] = PAIRS[h + 1];
        buf[at + 2] = PAIRS[l];
        buf[at + 3] = PAIRS[l + 1];
    }
}
