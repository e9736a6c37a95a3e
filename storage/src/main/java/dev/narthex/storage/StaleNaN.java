package dev.narthex.storage;

/**
 * Prometheus's staleness marker: a NaN with one fixed bit pattern, distinct from every other NaN.
 * Compare raw bits; {@link Double#doubleToLongBits} folds all NaNs into one and must not be used.
 */
public final class StaleNaN {
    public static final long BITS = 0x7ff0000000000002L;
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleNaN() {
    }

    public static boolean is(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}
