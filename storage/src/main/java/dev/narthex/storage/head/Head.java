package dev.narthex.storage.head;

import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.Series;
import dev.narthex.storage.chunk.XorIterator;
import dev.narthex.storage.exemplar.CircularExemplarStorage;
import dev.narthex.storage.encoding.ByteOutput;
import dev.narthex.storage.index.MemPostings;
import dev.narthex.storage.index.PostingsIndex;
import dev.narthex.storage.labels.LabelValidator;
import dev.narthex.storage.labels.SymbolTable;
import dev.narthex.storage.wal.Wal;
import dev.narthex.storage.wal.WalHandler;
import dev.narthex.storage.wal.WalRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.roaringbitmap.IntIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory, appendable part of the TSDB: series with Gorilla-compressed chunks, an inverted
 * index and, optionally, a WAL that every commit is logged to.
 *
 * <p>Concurrency guarantees:
 * <ul>
 *   <li>Any number of threads may append, each through its own {@link Appender}; appends validate
 *       against committed data and the appender's own earlier samples without global locking.
 *   <li>Commits are serialized by one commit lock: a commit re-checks its samples against what other
 *       commits added meanwhile (dropping and counting samples that became out of order), applies
 *       them, and logs exactly the applied samples to the WAL before the lock is released, so WAL
 *       order equals apply order and a replay rebuilds the same head.
 *   <li>A commit's samples of one series are applied under that series' monitor in one step: a
 *       reader of the series sees all of them or none. Readers of several series may see a commit
 *       applied to some series and not yet to others.
 *   <li>Queries run concurrently with appends and commits; each series read decodes its chunks
 *       under the series' monitor.
 * </ul>
 */
public final class Head implements Queryable, Appendable {
    private static final Logger LOG = LoggerFactory.getLogger(Head.class);

    final SymbolTable symbols = new SymbolTable();
    final MemPostings postings = new MemPostings();
    final HeadStats stats = new HeadStats();
    final SeriesTable series = new SeriesTable(symbols, postings, stats);
    final long chunkRange;
    final Wal wal;
    /** Exemplars of the head's series; capacity 0 when exemplar storage is off. */
    final CircularExemplarStorage exemplars;
    final ReentrantLock commitLock = new ReentrantLock();
    final AppendBuffers.Pool appendBuffers = new AppendBuffers.Pool();
    /** Reused under the commit lock to encode each commit's WAL records. */
    final WalRecords walRecords = new WalRecords(new ByteOutput(1 << 16));
    private volatile long minValidTime = Long.MIN_VALUE;
    /** Raised before a flush reads a window; unlike minValidTime it does not hide samples from queries. */
    private volatile long appendFloor = Long.MIN_VALUE;
    /** Bounds of the head's samples, written under the commit lock (or during replay); see {@link #minTime()}. */
    private volatile long minTime = Long.MAX_VALUE;
    private volatile long maxTime = Long.MIN_VALUE;

    /** A head without a WAL: its data does not survive a restart. */
    public Head(long chunkRange) {
        this(chunkRange, null);
    }

    /**
     * A head logging to a WAL. {@code openWal} receives this head's {@link #replayHandler()}, replays
     * the log into it and returns the opened WAL (typically {@code h -> Wal.open(dir, options, h)}).
     *
     * @param chunkRange chunks never span a multiple of this (the block range, 2h by default)
     */
    public Head(long chunkRange, Function<WalHandler, Wal> openWal) {
        this(chunkRange, openWal, new CircularExemplarStorage(0));
    }

    /**
     * A head (logging to a WAL when {@code openWal} is not null) that keeps its series' exemplars in
     * {@code exemplars}; the WAL's exemplar records are replayed into it, so size it before.
     */
    public Head(long chunkRange, Function<WalHandler, Wal> openWal, CircularExemplarStorage exemplars) {
        if (chunkRange <= 0) {
            throw new IllegalArgumentException("chunk range must be positive, got " + chunkRange);
        }
        this.chunkRange = chunkRange;
        this.exemplars = exemplars;
        this.wal = openWal == null ? null : openWal.apply(replayHandler());
    }

    /** The exemplars of the head's series (capacity 0 when exemplar storage is off). */
    public CircularExemplarStorage exemplars() {
        return exemplars;
    }

    /** The WAL this head logs to, or null. */
    public Wal wal() {
        return wal;
    }

    public HeadStats stats() {
        return stats;
    }

    public long chunkRange() {
        return chunkRange;
    }

    /** Samples older than this are out of bounds; raised by {@link #truncate}. */
    public long minValidTime() {
        return minValidTime;
    }

    /**
     * The oldest sample's timestamp, {@link Long#MAX_VALUE} for an empty head. Never above the true
     * oldest sample; after a deletion it may be lower until the next {@link #truncate}.
     */
    public long minTime() {
        return minTime;
    }

    /** The newest committed timestamp, {@link Long#MIN_VALUE} for a head that never held samples. */
    public long maxTime() {
        return maxTime;
    }

    /** Widens the time bounds by a commit's samples; called under the commit lock. */
    void noteCommitted(long lo, long hi) {
        if (lo < minTime) {
            minTime = lo;
        }
        if (hi > maxTime) {
            maxTime = hi;
        }
    }

    @Override
    public Appender appender() {
        return new HeadAppender(this);
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new HeadQuerier(this, Math.max(mint, minValidTime), maxt);
    }

    /**
     * Every series with samples in {@code [mint, maxt]}, sorted by labels; the block writer reads the
     * head through this. Each series reads its chunks when asked, so later appends may show up.
     */
    public List<Series> seriesInRange(long mint, long maxt) {
        try (HeadQuerier q = new HeadQuerier(this, Math.max(mint, minValidTime), maxt)) {
            return q.selectIds(postings.read(index -> index.allPostings().clone()));
        }
    }

    /**
     * Rejects appends older than {@code t} as out of bounds from now on without dropping or hiding anything:
     * raised under the commit lock, so every commit either finished before (and is visible to a
     * reader of the head) or is checked against {@code t}. A flush calls this before reading a window
     * of the head into a block, so no sample lands in the window after it was read.
     */
    public void raiseMinValidTime(long t) {
        commitLock.lock();
        try {
            if (t > appendFloor) {
                appendFloor = t;
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** The oldest timestamp an append may have: the later of {@link #minValidTime()} and {@link #raiseMinValidTime}'s. */
    long appendableMinTime() {
        return Math.max(minValidTime, appendFloor);
    }

    /**
     * Drops every sample older than {@code mint}, removes series left empty (unless an appender holds
     * uncommitted samples for them), rejects later appends older than {@code mint} as out of bounds,
     * and checkpoints the WAL: segments written so far are replaced by the live series and their
     * samples at or after {@code mint}.
     */
    public void truncate(long mint) {
        if (mint > minValidTime) {
            minValidTime = mint;
        }
        List<HeadSeries> emptied = new ArrayList<>();
        series.forEach(s -> {
            synchronized (s) {
                int dropped = s.truncateBefore(mint);
                stats.chunksRemoved.add(dropped);
                if (s.isEmpty() && s.pendingAppenders == 0 && !s.removed) {
                    s.removed = true;
                    emptied.add(s);
                }
            }
        });
        for (HeadSeries s : emptied) {
            series.remove(s);
        }
        int through = -1;
        commitLock.lock();
        try {
            // Under the commit lock so no commit lowers the bound between the scan and the store.
            long[] min = {Long.MAX_VALUE};
            series.forEach(s -> {
                synchronized (s) {
                    min[0] = Math.min(min[0], s.firstTimestamp());
                }
            });
            minTime = min[0];
            if (wal != null) {
                through = wal.cutSegment();
            }
        } finally {
            commitLock.unlock();
        }
        if (wal != null) {
            wal.checkpoint(through, mint, ref -> series.byId(ref) != null);
        }
        LOG.debug("head truncated before {}: {} series removed", mint, emptied.size());
    }

    /**
     * Removes the samples of the series matching every matcher in {@code [mint, maxt]}, logging a
     * tombstone record per series first so a WAL replay deletes the same samples at the same point.
     * Samples appended later inside the range are kept. Returns how many series were affected.
     */
    public int delete(List<Matcher> matchers, long mint, long maxt) {
        if (mint > maxt) {
            return 0;
        }
        int affected = 0;
        XorIterator it = new XorIterator();
        commitLock.lock();
        try {
            IntIterator ids = postings.select(matchers).getIntIterator();
            List<HeadSeries> selected = new ArrayList<>();
            while (ids.hasNext()) {
                HeadSeries s = series.byId(ids.next());
                if (s != null) {
                    synchronized (s) {
                        if (s.hasSampleIn(mint, maxt, it)) {
                            selected.add(s);
                        }
                    }
                }
            }
            if (selected.isEmpty()) {
                return 0;
            }
            if (wal != null) {
                WalRecords rec = walRecords;
                rec.buffer().reset();
                rec.beginRecord(WalRecords.TOMBSTONES);
                for (HeadSeries s : selected) {
                    rec.tombstone(s.id, mint, maxt);
                }
                rec.endRecord();
                wal.log(rec.buffer());
            }
            for (HeadSeries s : selected) {
                synchronized (s) {
                    applyDelete(s, mint, maxt, it);
                }
                affected++;
            }
        } finally {
            commitLock.unlock();
        }
        if (wal != null) {
            wal.commitDurable();
        }
        return affected;
    }

    private void applyDelete(HeadSeries s, long mint, long maxt, XorIterator it) {
        int delta = s.deleteRange(mint, maxt, chunkRange, it);
        if (delta > 0) {
            stats.chunksCreated.add(delta);
        } else {
            stats.chunksRemoved.add(-delta);
        }
    }

    /** Runs {@code reader} over the head's inverted index under its read lock (for statistics). */
    public <T> T readPostings(Function<PostingsIndex, T> reader) {
        return postings.read(reader);
    }

    /** Labels of the series with this reference, or null when there is none. */
    public Labels labelsOf(long ref) {
        HeadSeries s = series.byId(ref);
        return s == null ? null : s.labels(symbols);
    }

    /**
     * A handler that rebuilds this head from WAL records; samples that are out of order or duplicate
     * after an earlier replayed one are skipped silently, as are samples for unknown series.
     */
    public WalHandler replayHandler() {
        return new Replayer();
    }

    private final class Replayer implements WalHandler {
        /** WAL refs that name a series already present under another id. */
        private final LongObjectMap<HeadSeries> aliases = new LongObjectMap<>();
        private HeadSeries last;
        private final XorIterator it = new XorIterator();

        @Override
        public void series(long ref, Labels labels) {
            LabelValidator.validate(labels);
            HeadSeries s = series.getOrCreate(labels, labels.hash64(), (int) ref);
            s.walLogged = true;
            if (s.id != ref) {
                aliases.put(ref, s);
            }
        }

        @Override
        public void sample(long ref, long t, long valueBits) {
            HeadSeries s = last != null && last.id == ref ? last : aliases.get(ref);
            if (s == null) {
                s = series.byId(ref);
                if (s == null) {
                    return;
                }
            }
            last = s;
            synchronized (s) {
                if (s.hasSamples() && t <= s.lastTimestamp()) {
                    return;
                }
                if (s.append(t, valueBits, chunkRange)) {
                    stats.chunksCreated.increment();
                }
            }
            noteCommitted(t, t);
            stats.samplesAppended.increment();
        }

        /** As Prometheus's replay: exemplars before the head's minimum valid time are skipped, rejections ignored. */
        @Override
        public void exemplar(long ref, long t, long valueBits, Labels labels) {
            if (t < minValidTime) {
                return;
            }
            HeadSeries s = aliases.get(ref);
            if (s == null) {
                s = series.byId(ref);
            }
            if (s != null) {
                exemplars.add(s.labels(symbols), labels, Double.longBitsToDouble(valueBits), t, false);
            }
        }

        @Override
        public void startTime(long ref, long t, long startTime) {
            HeadSeries s = last != null && last.id == ref ? last : aliases.get(ref);
            if (s == null) {
                s = series.byId(ref);
                if (s == null) {
                    return;
                }
            }
            synchronized (s) {
                s.startTime(t, startTime);
            }
        }

        @Override
        public void tombstone(long ref, long mint, long maxt) {
            HeadSeries s = aliases.get(ref);
            if (s == null) {
                s = series.byId(ref);
            }
            if (s != null) {
                synchronized (s) {
                    applyDelete(s, mint, maxt, it);
                }
            }
        }
    }
}
