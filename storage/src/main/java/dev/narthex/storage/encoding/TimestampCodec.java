package dev.narthex.storage.encoding;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.bits.Median;
import dev.narthex.storage.encoding.bits.PatchedInts;

/**
 * Encodes a column of millisecond timestamps for block chunk files. Any longs round-trip (arithmetic
 * wraps); increasing timestamps on a scrape interval encode smallest. Stateless and thread-safe.
 *
 * <p>Two encodings, the smaller chosen per column (first byte):
 * <ul>
 *   <li>{@code GRID}: timestamps as offsets from a grid {@code t0 + slot * interval}, the interval fitted
 *       over the whole column. Scrapes jitter around such a grid, so the offsets are tiny and independent
 *       of each other (smaller than deltas, which add the jitter of two neighbours). Missed scrapes show as
 *       slot skips, listed after the offsets.</li>
 *   <li>{@code DELTA}: consecutive differences, the general fallback.</li>
 * </ul>
 * A column of one timestamp is {@code DELTA} with no differences; an empty column is no bytes at all.
 * The encoding is deterministic: equal columns give equal bytes, so a block writer can store a timestamp
 * column shared by many series (all series of one scrape target) once, found by comparing encodings.
 * The byte format is in {@code docs/storage-format.md}, "Column encodings".
 */
public final class TimestampCodec {
    private static final int GRID = 1;
    private static final int DELTA = 2;
    // The grid is tried only for deltas below 2^40 ms (about 35 years) and spans up to a quarter of the
    // long range, so that slot arithmetic (slot * interval) cannot overflow.
    private static final long MAX_GRID_DELTA = 1L << 40;
    private static final long MAX_GRID_SPAN = Long.MAX_VALUE / 4;

    private TimestampCodec() {
    }

    /** Appends the encoding of {@code ts[from..to)} to {@code out}. */
    public static void encode(long[] ts, int from, int to, ByteOutput out) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        long t0 = ts[from];
        if (n == 1) {
            out.writeByte(DELTA);
            out.writeVarint(t0);
            return;
        }
        Scratch s = Scratch.get(n);
        long[] deltas = s.a;
        // The grid needs increasing timestamps whose span fits comfortably in a long (summed from the
        // deltas, each checked, so that a wrapped difference cannot pass for a small span).
        boolean gridFits = true;
        long span = 0;
        for (int i = 1; i < n; i++) {
            long d = ts[from + i] - ts[from + i - 1];
            deltas[i - 1] = d;
            if (d <= 0 || d >= MAX_GRID_DELTA || span > MAX_GRID_SPAN) {
                gridFits = false;
            } else {
                span += d;
            }
        }
        long deltaSize = PatchedInts.size(deltas, 0, n - 1, s.c);
        if (gridFits && span <= MAX_GRID_SPAN) {
            long interval = gridInterval(deltas, n - 1, span, s.c);
            long[] offsets = s.b;
            int skips = 0;
            long prevSlot = 0;
            for (int i = 1; i < n; i++) {
                long at = ts[from + i] - t0;
                long slot = (at + interval / 2) / interval;
                offsets[i - 1] = at - slot * interval;
                if (slot - prevSlot != 1) {
                    skips++;
                }
                prevSlot = slot;
            }
            long gridSize = PatchedInts.size(offsets, 0, n - 1, s.c) + 4L * skips + 2;
            if (gridSize < deltaSize) {
                out.writeByte(GRID);
                out.writeVarint(t0);
                out.writeUvarint(interval);
                PatchedInts.encode(offsets, 0, n - 1, s.c, out);
                out.writeUvarint(skips);
                writeSkips(ts, from, n, t0, interval, out);
                return;
            }
        }
        out.writeByte(DELTA);
        out.writeVarint(t0);
        PatchedInts.encode(deltas, 0, n - 1, s.c, out);
    }

    /**
     * The grid interval: the median delta, refined over the whole span. The median of jittered deltas can
     * be a millisecond off, and such an error would accumulate across the column.
     */
    private static long gridInterval(long[] deltas, int n, long span, long[] scratch) {
        long median = Median.of(deltas, 0, n, scratch);
        long slots = Math.max(1, (span + median / 2) / median);
        return Math.max(1, (span + slots / 2) / slots);
    }

    /** Slot skips: (uvarint index distance from the previous skip, varint slot step - 1). */
    private static void writeSkips(long[] ts, int from, int n, long t0, long interval, ByteOutput out) {
        long prevSlot = 0;
        int last = 0;
        for (int i = 1; i < n; i++) {
            long slot = (ts[from + i] - t0 + interval / 2) / interval;
            if (slot - prevSlot != 1) {
                out.writeUvarint(i - last);
                out.writeVarint(slot - prevSlot - 1);
                last = i;
            }
            prevSlot = slot;
        }
    }

    /** Decodes {@code count} timestamps from {@code in} into {@code out[outOff..]}. */
    public static void decode(ByteInput in, int count, long[] out, int outOff) {
        if (count == 0) {
            return;
        }
        int tag = in.readByte();
        long t0 = in.readVarint();
        out[outOff] = t0;
        if (count == 1) {
            if (tag != DELTA) {
                throw new StorageException.Corruption("bad timestamp column tag " + tag + " at offset "
                        + in.position());
            }
            return;
        }
        if (tag == DELTA) {
            PatchedInts.decode(in, count - 1, out, outOff + 1);
            long t = t0;
            for (int i = outOff + 1; i < outOff + count; i++) {
                t += out[i];
                out[i] = t;
            }
        } else if (tag == GRID) {
            long interval = in.readUvarint();
            PatchedInts.decode(in, count - 1, out, outOff + 1);
            long skips = in.readUvarint();
            if (skips >= count) {
                throw new StorageException.Corruption("bad slot skip count at offset " + in.position());
            }
            long nextSkip = skips > 0 ? in.readUvarint() : 0;
            long slot = 0;
            for (int i = 1; i < count; i++) {
                slot++;
                if (skips > 0 && nextSkip == i) {
                    slot += in.readVarint();
                    if (--skips > 0) {
                        long step = in.readUvarint();
                        if (step == 0) {
                            throw new StorageException.Corruption("bad slot skip position at offset "
                                    + in.position());
                        }
                        nextSkip = i + step;
                    }
                }
                out[outOff + i] += t0 + slot * interval;
            }
            if (skips > 0) {
                throw new StorageException.Corruption("slot skip past the column end at offset " + in.position());
            }
        } else {
            throw new StorageException.Corruption("bad timestamp column tag " + tag + " at offset " + in.position());
        }
    }
}
