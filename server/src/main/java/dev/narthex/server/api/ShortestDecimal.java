package dev.narthex.server.api;

import java.math.BigInteger;

/**
 * The shortest decimal that parses back to a given double, by R. Giulietti's Schubfach algorithm
 * ("The Schubfach way to render doubles", 2020). Among the shortest candidates it picks the one closest
 * to the exact binary value, ties to an even last digit: the digits Go's {@code strconv} shortest
 * formatting produces. Unlike Java's {@code Double.toString} it never pads to two digits
 * ({@code 5e-324}, not {@code 4.9e-324}).
 *
 * <p>Idea: a double {@code c·2^q} owns the rounding interval between the midpoints to its neighbours.
 * Scaled by {@code 10^-k}, with {@code k} chosen so that the interval is between 1 and 10 units wide, it
 * holds at most one multiple of 10 (a shorter candidate) and otherwise the floor or the ceiling of the
 * scaled value. The scaling multiplies by a 126-bit approximation of {@code 10^-k} and rounds to odd,
 * which the paper proves exact enough to decide every interval membership and the closeness.
 *
 * <p>Stateless and thread-safe; allocation-free.
 */
final class ShortestDecimal {
    private static final int MIN_K = -324;
    private static final int MAX_K = 292;
    private static final long MASK_63 = (1L << 63) - 1;
    private static final long HIDDEN_BIT = 1L << 52;
    private static final long FRACTION_MASK = HIDDEN_BIT - 1;
    /** {@code floor(log10(2)·2^41)} and {@code floor(log10(3/4)·2^41)}: exact floors over every double exponent. */
    private static final long LOG10_2_SCALED = 661_971_961_083L;
    private static final long LOG10_3_4_SCALED = -274_743_187_321L;

    /** {@code g = floor(10^-k · 2^(125 - f)) + 1} in {@code [2^125, 2^126)} as two 63-bit halves, and {@code f = floor(log2(10^-k))}. */
    private static final long[] G_HIGH = new long[MAX_K - MIN_K + 1];
    private static final long[] G_LOW = new long[MAX_K - MIN_K + 1];
    private static final int[] LOG2_POW10 = new int[MAX_K - MIN_K + 1];

    static {
        for (int k = MIN_K; k <= MAX_K; k++) {
            BigInteger g;
            int f;
            if (k <= 0) {
                BigInteger p = BigInteger.TEN.pow(-k);
                f = p.bitLength() - 1;
                g = f <= 125 ? p.shiftLeft(125 - f) : p.shiftRight(f - 125);
            } else {
                // 10^k is never a power of two, so floor(log2(10^-k)) = -bitLength(10^k).
                BigInteger p = BigInteger.TEN.pow(k);
                f = -p.bitLength();
                g = BigInteger.ONE.shiftLeft(125 - f).divide(p);
            }
            g = g.add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new IllegalStateException("power of ten approximation out of range for k=" + k);
            }
            G_HIGH[k - MIN_K] = g.shiftRight(63).longValueExact();
            G_LOW[k - MIN_K] = g.longValue() & MASK_63;
            LOG2_POW10[k - MIN_K] = f;
        }
    }

    private ShortestDecimal() {
    }

    /**
     * Writes the shortest round-trip digits of {@code abs} (positive, finite, not zero) into
     * {@code buf[pos..pos+n)}, without leading or trailing zeros, and returns {@code n << 32 | exp} where
     * {@code abs ≈ 0.DIGITS · 10^exp}. At most 17 digits are written.
     */
    static long digits(double abs, char[] buf, int pos) {
        long bits = Double.doubleToRawLongBits(abs);
        int biasedExp = (int) (bits >>> 52);
        long fraction = bits & FRACTION_MASK;
        long c;
        int q;
        if (biasedExp > 0) {
            c = fraction | HIDDEN_BIT;
            q = biasedExp - 1075;
        } else {
            c = fraction;
            q = -1074;
        }
        // Work in units of 2^(q-2): the value is 4c, its interval ends are the midpoints to the neighbours.
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (fraction != 0 || biasedExp <= 1) {
            cbl = cb - 2;
            k = (int) (q * LOG10_2_SCALED >> 41);
        } else {
            // A power of two: the neighbour below is twice as close as the one above.
            cbl = cb - 1;
            k = (int) (q * LOG10_2_SCALED + LOG10_3_4_SCALED >> 41);
        }
        int index = k - MIN_K;
        int h = q + LOG2_POW10[index] + 2;
        long gHigh = G_HIGH[index];
        long gLow = G_LOW[index];
        // Four times the scaled value and interval ends, rounded to odd.
        long vb = scaleRoundToOdd(gHigh, gLow, cb << h);
        long vbl = scaleRoundToOdd(gHigh, gLow, cbl << h);
        long vbr = scaleRoundToOdd(gHigh, gLow, cbr << h);
        // An odd significand excludes the interval ends: parsing a tie rounds to the even neighbour.
        long out = c & 1;

        long decimal;
        long s = vb >> 2;
        // A multiple of ten inside the interval beats every other candidate, and there is at most one.
        long down10 = s / 10 * 10;
        long up10 = down10 + 10;
        boolean downIn = vbl + out <= down10 << 2;
        boolean upIn = (up10 << 2) + out <= vbr;
        if (downIn != upIn) {
            decimal = downIn ? down10 : up10;
        } else {
            // All candidates now have the same length: the floor or the ceiling if only one is inside,
            // else the closer of the two, ties to even.
            long t = s + 1;
            boolean sIn = vbl + out <= s << 2;
            boolean tIn = (t << 2) + out <= vbr;
            if (sIn != tIn) {
                decimal = sIn ? s : t;
            } else {
                long fromMidpoint = vb - ((s + t) << 1);
                decimal = fromMidpoint < 0 || fromMidpoint == 0 && (s & 1) == 0 ? s : t;
            }
        }
        // Strip trailing zeros in halving steps: up to 16 of them, as in 10^16.
        while (decimal % 100_000_000 == 0) {
            decimal /= 100_000_000;
            k += 8;
        }
        if (decimal % 10_000 == 0) {
            decimal /= 10_000;
            k += 4;
        }
        if (decimal % 100 == 0) {
            decimal /= 100;
            k += 2;
        }
        if (decimal % 10 == 0) {
            decimal /= 10;
            k++;
        }
        int n = DecimalDigits.count(decimal);
        DecimalDigits.write(decimal, n, buf, pos);
        return ((long) n << 32) | ((k + n) & 0xffffffffL);
    }

    /**
     * {@code g·cp / 2^127} truncated, with its lowest bit set when anything was truncated (round to odd).
     * Both factors are below 2^63, so signed high products equal the unsigned ones.
     */
    private static long scaleRoundToOdd(long gHigh, long gLow, long cp) {
        long lowHigh = Math.multiplyHigh(gLow, cp);
        long highLow = gHigh * cp;
        long highHigh = Math.multiplyHigh(gHigh, cp);
        long middle = (highLow >>> 1) + lowHigh;
        long truncated = highHigh + (middle >>> 63);
        long sticky = ((middle & MASK_63) + MASK_63) >>> 63;
        return truncated | sticky;
    }
}
