package dev.narthex.storage.head;

import dev.narthex.storage.Labels;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.chunk.XorChunk;
import dev.narthex.storage.chunk.XorIterator;
import dev.narthex.storage.labels.SymbolTable;
import dev.narthex.storage.starttime.StartTimes;
import java.util.Arrays;

/**
 * One series of the head: its labels as interned symbol ids and its chunks. Every mutable field is
 * guarded by the series' own monitor, except {@code walLogged}, guarded by the head's commit lock.
 * Samples are appended only while holding both the monitor and the commit lock (or during WAL
 * replay, before the head is shared), so a committer may read the last sample with the commit lock alone.
 */
final class HeadSeries {
    private static final XorChunk[] NO_CHUNKS = new XorChunk[0];

    final int id;
    final long hash;
    /** Name and value symbol ids in label order, packed by {@link SeriesLabels}. */
    private final byte[] labelSymbols;

    private XorChunk[] closed = NO_CHUNKS;
    private int closedCount;
    private XorChunk open;
    private long openBoundary;
    private long lastT = Long.MIN_VALUE;
    private long lastBits;
    private boolean hasSamples;
    /** Start timestamps of the samples that have one; null (no cost) until the first such sample. */
    private StartTimes startTimes;
    /** Appenders holding uncommitted samples for this series; it may not be removed while positive. */
    int pendingAppenders;
    boolean removed;
    boolean walLogged;
    /**
     * The batch that claimed this series while no other appender had it pending, and its slot there:
     * lets that appender find its slot without a map lookup (written under the monitor; the owner may
     * read it without, as only the owner writes its own token).
     */
    long claimToken;
    int claimSlot;

    HeadSeries(int id, long hash, byte[] labelSymbols) {
        this.id = id;
        this.hash = hash;
        this.labelSymbols = labelSymbols;
    }

    Labels labels(SymbolTable symbolTable) {
        return SeriesLabels.decode(labelSymbols, symbolTable);
    }

    boolean sameLabels(Labels labels, SymbolTable symbolTable) {
        return SeriesLabels.matches(labelSymbols, labels, symbolTable);
    }

    boolean hasSamples() {
        return hasSamples;
    }

    long lastTimestamp() {
        return lastT;
    }

    long lastValueBits() {
        return lastBits;
    }

    /**
     * Appends a sample newer than {@link #lastTimestamp()}; cuts a new chunk at
     * {@link XorChunk#MAX_SAMPLES} samples or when {@code t} crosses a multiple of {@code chunkRange}.
     * Returns true when a chunk was created.
     */
    boolean append(long t, long bits, long chunkRange) {
        boolean cut = false;
        if (open == null || open.numSamples() >= XorChunk.MAX_SAMPLES || t >= openBoundary) {
            if (open != null) {
                open.trim();
                if (closedCount == closed.length) {
                    closed = Arrays.copyOf(closed, Math.max(4, closedCount * 2));
                }
                closed[closedCount++] = open;
            }
            open = new XorChunk(nextChunkCapacity());
            long start = Math.floorDiv(t, chunkRange) * chunkRange;
            openBoundary = start > Long.MAX_VALUE - chunkRange ? Long.MAX_VALUE : start + chunkRange;
            cut = true;
        }
        open.append(t, Double.longBitsToDouble(bits));
        lastT = t;
        lastBits = bits;
        hasSamples = true;
        return cut;
    }

    /** Records the start timestamp of the appended sample at {@code t}; 0 (unknown) records nothing. */
    void startTime(long t, long startTime) {
        if (startTime == 0) {
            return;
        }
        if (startTimes == null) {
            startTimes = new StartTimes();
        }
        startTimes.add(t, startTime);
    }

    /**
     * A series' chunks are alike: size the next one as the last one would be at {@link XorChunk#MAX_SAMPLES}
     * samples, plus a sixteenth, so it rarely grows and {@link XorChunk#trim()} rarely copies it.
     */
    private int nextChunkCapacity() {
        if (closedCount == 0 && open == null) {
            return XorChunk.INITIAL_CAPACITY;
        }
        XorChunk last = open != null ? open : closed[closedCount - 1];
        int n = last.numSamples();
        if (n < XorChunk.MAX_SAMPLES / 4) {
            return XorChunk.INITIAL_CAPACITY; // too few samples (a chunk cut at a block boundary) to extrapolate
        }
        int size = (int) ((long) last.sizeBytes() * XorChunk.MAX_SAMPLES / n);
        return (size + (size >>> 4) + 7) & ~7;
    }

    /** Appends the samples in {@code [mint, maxt]} to {@code out} in time order, with their start timestamps. */
    void read(long mint, long maxt, SampleBuffer out, XorIterator it) {
        int from = out.size();
        for (int i = 0; i < closedCount; i++) {
            XorChunk c = closed[i];
            if (c.maxTime() >= mint && c.minTime() <= maxt) {
                it.readInto(c, mint, maxt, out);
            }
        }
        if (open != null && open.maxTime() >= mint && open.minTime() <= maxt) {
            it.readInto(open, mint, maxt, out);
        }
        if (startTimes != null) {
            startTimes.fill(out, from);
        }
    }

    boolean hasSampleIn(long mint, long maxt, XorIterator it) {
        for (int i = 0; i <= closedCount; i++) {
            XorChunk c = i < closedCount ? closed[i] : open;
            if (c == null || c.maxTime() < mint || c.minTime() > maxt) {
                continue;
            }
            // A chunk's first or last sample inside the range settles it without decoding.
            if (c.minTime() >= mint || c.maxTime() <= maxt || it.hasSampleIn(c, mint, maxt)) {
                return true;
            }
        }
        return false;
    }

    int chunkCount() {
        return closedCount + (open == null ? 0 : 1);
    }

    /** Drops chunks whose samples are all older than {@code mint}; returns how many. */
    int truncateBefore(long mint) {
        int drop = 0;
        while (drop < closedCount && closed[drop].maxTime() < mint) {
            drop++;
        }
        if (drop > 0) {
            closed = Arrays.copyOfRange(closed, drop, Math.max(drop + 4, closedCount));
            closedCount -= drop;
        }
        if (open != null && closedCount == 0 && open.maxTime() < mint) {
            open = null;
            drop++;
        }
        if (startTimes != null && drop > 0) {
            startTimes.truncateBefore(firstTimestamp());
            if (startTimes.size() == 0) {
                startTimes = null;
            }
        }
        return drop;
    }

    /** The first sample's timestamp, or {@link Long#MAX_VALUE} without chunks. */
    long firstTimestamp() {
        if (closedCount > 0) {
            return closed[0].minTime();
        }
        return open == null ? Long.MAX_VALUE : open.minTime();
    }

    /**
     * Removes the samples in {@code [mint, maxt]} by re-encoding the chunks that hold any; the last
     * appended sample stays the reference for ordering later appends, as a tombstone would leave it.
     * Returns the change in the number of chunks.
     */
    int deleteRange(long mint, long maxt, long chunkRange, XorIterator it) {
        if (isEmpty() || mint > maxt || !hasSampleIn(mint, maxt, it)) {
            return 0;
        }
        SampleBuffer all = new SampleBuffer(128);
        read(Long.MIN_VALUE, Long.MAX_VALUE, all, it);
        int before = chunkCount();
        long keepT = lastT;
        long keepBits = lastBits;
        closed = NO_CHUNKS;
        closedCount = 0;
        open = null;
        for (int i = 0; i < all.size(); i++) {
            long t = all.timestamp(i);
            if (t < mint || t > maxt) {
                append(t, Double.doubleToRawLongBits(all.value(i)), chunkRange);
            }
        }
        lastT = keepT;
        lastBits = keepBits;
        return chunkCount() - before;
    }

    boolean isEmpty() {
        return closedCount == 0 && open == null;
    }
}
