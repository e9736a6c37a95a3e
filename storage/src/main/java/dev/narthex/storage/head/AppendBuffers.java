package dev.narthex.storage.head;

/**
 * The primitive arrays an appender fills with one batch, and a small pool of them per head. A scrape
 * opens a new appender for every scrape; taking the arrays from the pool instead of growing fresh
 * ones to the batch size saves about 100 bytes of garbage per sample. The arrays are owned by one
 * appender from {@link Pool#take()} until it gives them back at commit or rollback.
 */
final class AppendBuffers {
    IntIntMap slotOf = new IntIntMap();
    HeadSeries[] slotSeries = new HeadSeries[16];
    int[] slotFirst = new int[16];
    int[] slotLast = new int[16];
    long[] slotLastT = new long[16];
    long[] slotLastBits = new long[16];
    boolean[] slotHasSamples = new boolean[16];
    long[] ts = new long[64];
    long[] bits = new long[64];
    int[] next = new int[64];
    boolean[] accepted = new boolean[64];

    /** Thread-safe; last in, first out, so the buffers handed out are the ones most likely in cache. */
    static final class Pool {
        /** More appenders than this rarely commit at once (one per scrape or remote-write thread). */
        private static final int MAX_POOLED = 64;
        /** Buffers grown by a bigger batch (a large remote write) are left to the collector. */
        private static final int MAX_POOLED_SAMPLES = 1 << 16;

        private final AppendBuffers[] free = new AppendBuffers[MAX_POOLED];
        private int size;

        synchronized AppendBuffers take() {
            if (size == 0) {
                return new AppendBuffers();
            }
            AppendBuffers b = free[--size];
            free[size] = null;
            return b;
        }

        /** Takes back buffers whose series slots were cleared. */
        synchronized void give(AppendBuffers b) {
            if (size < MAX_POOLED && b.ts.length <= MAX_POOLED_SAMPLES && b.slotSeries.length <= MAX_POOLED_SAMPLES) {
                free[size++] = b;
            }
        }
    }
}
