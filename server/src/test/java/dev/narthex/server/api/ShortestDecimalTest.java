package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ShortestDecimal} against an exact (BigDecimal) search for the shortest, closest round-trip digits. */
class ShortestDecimalTest {
    @Test
    void hardCases() {
        List<Double> cases = new ArrayList<>(List.of(Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE,
                Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE,
                Math.nextDown(Double.MAX_VALUE), 9007199254740993.0, 9007199254740991.0, 9007199254740994.0,
                0.1 + 0.2, 1 / 3.0, 2 / 3.0, 1e23, 8.41e21, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
                1125899906842624.25, 1e-6, 1e21, 0.3, 123456789012345678.0, 4.35, 2.98023223876953125e-8));
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            cases.add(p);
            cases.add(Math.nextUp(p));
            cases.add(Math.nextDown(p));
        }
        for (int e = -323; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            cases.add(p);
            cases.add(Math.nextUp(p));
            cases.add(Math.nextDown(p));
        }
        for (long m = 1; m <= 2000; m++) {
            cases.add(Double.longBitsToDouble(m));
            cases.add(Double.longBitsToDouble((1L << 52) - m));
            cases.add((double) (1L << 53) - m);
        }
        for (double v : cases) {
            if (v > 0 && v <= Double.MAX_VALUE) {
                assertShortest(v);
            }
        }
    }

    /** Exact midpoints between two shortest candidates go to the even one, as Go's strconv does. */
    @Test
    void tiesToEven() {
        assertEquals("11258999068426242e-1", render(1125899906842624.25));
        assertEquals("11258999068426248e-1", render(1125899906842624.75));
        assertEquals("5e-324", render(Double.MIN_VALUE));
        assertEquals("1e-323", render(2 * Double.MIN_VALUE));
    }

    @Test
    void randomBitPatterns() {
        sweep(new Random(2026), 20_000);
    }

    @Test
    @Tag("slow")
    void manyRandomBitPatterns() {
        sweep(new Random(1), 2_000_000);
    }

    /** Random doubles: half uniform bit patterns, half rate-like values of typical magnitudes. */
    private static void sweep(Random r, int count) {
        for (int i = 0; i < count; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE)
                    : r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            if (v > 0 && v <= Double.MAX_VALUE) {
                assertShortest(v);
            }
        }
    }

    private static void assertShortest(double v) {
        assertEquals(reference(v), render(v), () -> "digits of " + v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + ")");
    }

    /** The generator's output as {@code DIGITSeEXP} with value {@code DIGITS * 10^EXP}. */
    private static String render(double v) {
        char[] buf = new char[24];
        buf[0] = '#';
        long packed = ShortestDecimal.digits(v, buf, 1);
        int n = (int) (packed >>> 32);
        int exp = (int) packed;
        assertEquals('#', buf[0]);
        return new String(buf, 1, n) + "e" + (exp - n);
    }

    /**
     * The shortest decimals inside the rounding interval of {@code v} (ends included for an even
     * significand, where parsing a tie rounds to {@code v}), and among them the closest to {@code v}, ties to
     * an even last digit. The length is found by bisection: a {@code p}-digit candidate is also a
     * {@code (p+1)}-digit one.
     */
    static String reference(double v) {
        BigDecimal exact = new BigDecimal(v);
        BigDecimal half = BigDecimal.valueOf(5, 1);
        BigDecimal low = exact.subtract(exact.subtract(new BigDecimal(Math.nextDown(v))).multiply(half));
        BigDecimal high = exact.add(new BigDecimal(Math.ulp(v)).multiply(half));
        boolean inclusive = (Double.doubleToRawLongBits(v) & 1) == 0;
        int lo = 1;
        int hi = 17;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pick(exact, mid, low, high, inclusive) != null) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        BigDecimal best = pick(exact, lo, low, high, inclusive).stripTrailingZeros();
        return best.unscaledValue() + "e" + (-best.scale());
    }

    private static BigDecimal pick(BigDecimal exact, int digits, BigDecimal low, BigDecimal high, boolean inclusive) {
        BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
        BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
        boolean downIn = inside(down, low, high, inclusive);
        boolean upIn = inside(up, low, high, inclusive);
        if (downIn && upIn) {
            int cmp = exact.subtract(down).compareTo(up.subtract(exact));
            return cmp < 0 ? down : cmp > 0 ? up : exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
        }
        return downIn ? down : upIn ? up : null;
    }

    private static boolean inside(BigDecimal d, BigDecimal low, BigDecimal high, boolean inclusive) {
        int lo = d.compareTo(low);
        int hi = d.compareTo(high);
        return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
    }
}
