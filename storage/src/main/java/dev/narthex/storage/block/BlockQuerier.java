package dev.narthex.storage.block;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.TimestampCodec;
import dev.narthex.storage.encoding.ValueCodec;
import dev.narthex.storage.starttime.StartTimes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * A querier over one block for the inclusive range {@code [mint, maxt]}, already clipped to the block.
 * Selection runs on the postings; a series is returned only when it has a sample in the range that no
 * tombstone deletes. Not thread-safe; the series it returns may be read from different threads.
 */
final class BlockQuerier implements Querier {
    private final Block block;
    private final Tombstones tombstones;
    private final long mint;
    private final long maxt;
    private final SampleBuffer scratch = new SampleBuffer(256);
    /**
     * Decoded shared timestamp columns by shared id, filled as series read them: all series of one scrape
     * target refer to the same column, so a query over many of them decodes it once and copies it after.
     * Entries are written once with equal contents by whichever reader gets there first; readers on other
     * threads see either null (and decode) or a complete array.
     */
    private final AtomicReferenceArray<long[]> sharedTimestamps;
    private boolean closed;

    BlockQuerier(Block block, Tombstones tombstones, long mint, long maxt) {
        this.block = block;
        this.tombstones = tombstones;
        this.mint = mint;
        this.maxt = maxt;
        this.sharedTimestamps = new AtomicReferenceArray<>(block.chunks().sharedCount());
    }

    /** The block read. */
    Block block() {
        return block;
    }

    @Override
    public List<Series> select(List<Matcher> matchers) {
        List<Series> out = new ArrayList<>();
        if (mint > maxt) {
            return out;
        }
        IndexReader ix = block.index();
        IntIterator it = block.postings(matchers).getIntIterator();
        ByteInput in = new ByteInput();
        while (it.hasNext()) {
            IndexReader.SeriesEntry e = ix.series(it.next());
            BlockSeries s = new BlockSeries(e, tombstones.intervals(e.id()));
            if (s.hasSamples(in)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether the range and tombstones leave every stored series and label visible, so the index tables answer. */
    private boolean coversWholeBlock() {
        return tombstones.isEmpty() && mint <= block.meta().minTime() && maxt >= block.meta().maxTime() - 1;
    }

    @Override
    public List<String> labelNames(List<Matcher> matchers) {
        if (matchers.isEmpty() && coversWholeBlock()) {
            return block.index().labelNames();
        }
        TreeSet<String> names = new TreeSet<>();
        for (Series s : select(matchers)) {
            Labels l = s.labels();
            for (int i = 0; i < l.size(); i++) {
                names.add(l.name(i));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<Matcher> matchers) {
        IndexReader ix = block.index();
        int n = ix.findLabelName(name);
        if (n < 0 || mint > maxt) {
            return new ArrayList<>();
        }
        if (matchers.isEmpty() && coversWholeBlock()) {
            List<String> out = new ArrayList<>(ix.valueCount(n));
            for (int i = 0; i < ix.valueCount(n); i++) {
                out.add(ix.value(n, i));
            }
            return out;
        }
        if (coversWholeBlock()) {
            // Every stored series is visible: a value qualifies when its postings meet the selection.
            MutableRoaringBitmap selected = block.postings(matchers);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < ix.valueCount(n); i++) {
                if (ImmutableRoaringBitmap.intersects(ix.postings(n, i), selected)) {
                    out.add(ix.value(n, i));
                }
            }
            return out;
        }
        TreeSet<String> values = new TreeSet<>();
        for (Series s : select(matchers)) {
            String v = s.labels().get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            block.release();
        }
    }

    /** One series of the block: decodes the column pieces that overlap a read. */
    private final class BlockSeries implements Series {
        private final IndexReader.SeriesEntry entry;
        private final long[] deleted;
        private ByteInput in;

        BlockSeries(IndexReader.SeriesEntry entry, long[] deleted) {
            this.entry = entry;
            this.deleted = deleted;
        }

        @Override
        public Labels labels() {
            return entry.labels();
        }

        boolean hasSamples(ByteInput shared) {
            int pieces = entry.pieceCount();
            boolean overlaps = false;
            for (int p = 0; p < pieces; p++) {
                long lo = entry.minTime(p);
                long hi = entry.maxTime(p);
                if (lo > maxt || hi < mint) {
                    continue;
                }
                // lo and hi are the times of the piece's first and last samples: either in the range is a hit.
                if (deleted == null && (lo >= mint || hi <= maxt)) {
                    return true;
                }
                overlaps = true;
            }
            if (!overlaps) {
                return false;
            }
            // A piece spans past both ends of the range, or tombstones apply: only decoding tells whether a
            // sample lies in between.
            scratch.clear();
            read(mint, maxt, scratch, shared, true);
            // A stale marker is a sample too.
            return !scratch.isEmpty() || scratch.staleCount() > 0;
        }

        @Override
        public void read(long from, long to, SampleBuffer out) {
            read(from, to, out, input(), false);
        }

        @Override
        public void readPresence(long from, long to, SampleBuffer out) {
            read(from, to, out, input(), true);
        }

        /**
         * Keeps the decoded timestamps {@code ts[start..start+count)} in {@code [lo, hi]} and not deleted as a
         * presence read's: the stale markers among them (at the ascending offsets {@code stale[0..n)}) go to
         * the buffer's stale times, the rest stay in order.
         */
        private void keepPresence(long[] ts, int start, int count, int[] stale, int n, long lo, long hi, SampleBuffer out) {
            if (n == 0 && deleted == null && ts[start] >= lo && ts[start + count - 1] <= hi) {
                out.setSize(start + count);
                return;
            }
            int w = start;
            int next = 0;
            for (int i = 0; i < count; i++) {
                long t = ts[start + i];
                boolean isStale = next < n && stale[next] == i;
                next += isStale ? 1 : 0;
                if (t < lo || t > hi || (deleted != null && Tombstones.isDeleted(deleted, t))) {
                    continue;
                }
                if (isStale) {
                    out.addStaleTime(t);
                } else {
                    ts[w++] = t;
                }
            }
            out.setSize(w);
        }

        private ByteInput input() {
            if (in == null) {
                in = new ByteInput();
            }
            return in;
        }

        private void read(long from, long to, SampleBuffer out, ByteInput input, boolean presence) {
            long lo = Math.max(from, mint);
            long hi = Math.min(to, maxt);
            long[] p = entry.pieces();
            int first = out.size();
            for (int base = 0; base < p.length; base += BlockWriter.PIECE_FIELDS) {
                if (p[base + 6] > hi || p[base + 7] < lo) {
                    continue;
                }
                decode(p, base, lo, hi, out, input, presence);
            }
            StartTimes st = block.startTimes(entry.id());
            if (st != null && !presence) {
                st.fill(out, first);
            }
        }

        /** Per reading thread: the stale markers' offsets of the piece being read for presence. */
        private static final ThreadLocal<int[]> STALE_POSITIONS = ThreadLocal.withInitial(() -> new int[BlockWriter.MAX_PIECE_SAMPLES]);

        private void decode(long[] p, int base, long lo, long hi, SampleBuffer out, ByteInput input, boolean presence) {
            ChunkReader chunks = block.chunks();
            int frame = (int) p[base];
            int off = (int) p[base + 1];
            long shared = p[base + 2] - 1;
            int tsLen = (int) p[base + 3];
            int valLen = (int) p[base + 4];
            int count = (int) p[base + 5];
            if (frame < 0 || frame >= chunks.frameCount() || off < 0 || tsLen < 0 || valLen < 0 || count <= 0
                || (long) off + tsLen + valLen > chunks.rawLength(frame)) {
                throw FileFormat.corrupt(block.index().file(), 0, "series " + entry.id() + " references bytes outside chunk frame " + frame);
            }
            if (shared >= chunks.sharedCount()) {
                throw FileFormat.corrupt(block.index().file(), 0, "series " + entry.id() + " references shared timestamp column "
                    + shared + " of " + chunks.sharedCount());
            }
            int start = out.reserve(count);
            long[] ts = out.timestamps();
            double[] vs = out.values();
            // A shared column may lie in another frame (the one of its first occurrence).
            int tsFrame = shared < 0 ? frame : chunks.sharedFrame((int) shared);
            int decoding = tsFrame;
            try {
                byte[] frameBytes = null;
                long[] decoded = shared < 0 ? null : sharedTimestamps.get((int) shared);
                if (decoded != null && decoded.length == count) {
                    System.arraycopy(decoded, 0, ts, start, count);
                } else if (shared < 0) {
                    frameBytes = chunks.frame(frame);
                    input.reset(frameBytes, off, tsLen);
                    TimestampCodec.decode(input, count, ts, start);
                } else {
                    byte[] tsBytes = chunks.frame(tsFrame);
                    frameBytes = tsFrame == frame ? tsBytes : null;
                    input.reset(tsBytes, chunks.sharedOffset((int) shared), chunks.sharedLength((int) shared));
                    TimestampCodec.decode(input, count, ts, start);
                    sharedTimestamps.compareAndSet((int) shared, null, Arrays.copyOfRange(ts, start, start + count));
                }
                decoding = frame;
                input.reset(frameBytes != null ? frameBytes : chunks.frame(frame), off + tsLen, valLen);
                if (presence) {
                    int[] stale = STALE_POSITIONS.get();
                    if (stale.length < count) {
                        stale = new int[count];
                        STALE_POSITIONS.set(stale);
                    }
                    keepPresence(ts, start, count, stale, ValueCodec.staleMarkers(input, count, stale), lo, hi, out);
                    return;
                }
                // Values after the last sample at or before hi are never kept: a point read near the start
                // of a long piece (an instant query's lookback window) decodes only the prefix it needs.
                int needed = count;
                while (needed > 0 && ts[start + needed - 1] > hi) {
                    needed--;
                }
                ValueCodec.decodePrefix(input, count, needed, vs, start);
                count = needed;
            } catch (StorageException.Corruption e) {
                throw FileFormat.corrupt(chunks.file(), chunks.offset(decoding), "frame " + decoding + " of series " + entry.id()
                    + " does not decode: " + e.getMessage());
            }
            int end = start + count;
            if (deleted == null && p[base + 6] >= lo && p[base + 7] <= hi) {
                out.setSize(end);
                return;
            }
            int w = start;
            for (int i = start; i < end; i++) {
                long t = ts[i];
                if (t >= lo && t <= hi && (deleted == null || !Tombstones.isDeleted(deleted, t))) {
                    ts[w] = t;
                    vs[w] = vs[i];
                    w++;
                }
            }
            out.setSize(w);
        }
    }
}
