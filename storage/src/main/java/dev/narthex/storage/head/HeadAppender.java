package dev.narthex.storage.head;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.labels.LabelValidator;
import dev.narthex.storage.wal.WalRecords;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buffers one batch of samples for the head in primitive arrays. Samples of the same series are
 * chained so the commit applies them series by series (atomically per series for readers). The
 * arrays come from the head's {@link AppendBuffers.Pool} on the first append of a batch and go back at
 * commit or rollback. Not thread-safe: one appender per thread. Reusable after commit or rollback.
 */
final class HeadAppender implements Appender {
    private static final AtomicLong BATCH_TOKENS = new AtomicLong();

    private final Head head;
    /** Unique per batch: claims on series made by an earlier batch never match. */
    private long token = BATCH_TOKENS.incrementAndGet();

    /** The pooled holder of the arrays below while this appender has a batch open; else null. */
    private AppendBuffers buffers;

    // Per series touched by this batch ("slots"), indexed by slot number.
    private IntIntMap slotOf;
    private HeadSeries[] slotSeries;
    private int[] slotFirst;
    private int[] slotLast;
    private long[] slotLastT;
    private long[] slotLastBits;
    private boolean[] slotHasSamples;
    private int slots;

    // Per sample, in append order; next links the samples of one series.
    private long[] ts;
    private long[] bits;
    private int[] next;
    private boolean[] accepted;
    /** Per sample start timestamp (0: none); allocated by the first sample that has one, dropped by reset. */
    private long[] starts;
    private boolean batchHasStartTimes;
    private int samples;
    /** Created on the first exemplar: appenders that never see one pay nothing. */
    private PendingExemplars exemplars;

    HeadAppender(Head head) {
        this.head = head;
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) {
        return append(ref, labels, t, 0, v);
    }

    @Override
    public long append(long ref, Labels labels, long t, long startTime, double v) {
        if (buffers == null) {
            takeBuffers();
        }
        HeadSeries s = ref > 0 ? head.series.byId(ref) : null;
        int slot = s != null && s.claimToken == token ? s.claimSlot : -1;
        if (slot < 0) {
            slot = join(s, labels);
            s = slotSeries[slot];
        }
        if (t < head.appendableMinTime()) {
            head.stats.outOfBounds.increment();
            throw new StorageException.OutOfBounds();
        }
        long vb = Double.doubleToRawLongBits(v);
        if (slotHasSamples[slot]) {
            long last = slotLastT[slot];
            if (t < last) {
                head.stats.outOfOrder.increment();
                throw new StorageException.OutOfOrder();
            }
            if (t == last) {
                if (vb == slotLastBits[slot]) {
                    return s.id; // an identical duplicate is accepted and ignored, as in Prometheus
                }
                head.stats.duplicates.increment();
                throw new StorageException.DuplicateTimestamp();
            }
        }
        if (samples == ts.length) {
            int cap = samples * 2;
            ts = Arrays.copyOf(ts, cap);
            bits = Arrays.copyOf(bits, cap);
            next = Arrays.copyOf(next, cap);
            if (starts != null) {
                starts = Arrays.copyOf(starts, cap);
            }
        }
        if (startTime != 0) {
            if (starts == null) {
                starts = new long[ts.length];
            }
            batchHasStartTimes = true;
        }
        if (starts != null) {
            starts[samples] = startTime;
        }
        ts[samples] = t;
        bits[samples] = vb;
        next[samples] = -1;
        if (slotFirst[slot] < 0) {
            slotFirst[slot] = samples;
        } else {
            next[slotLast[slot]] = samples;
        }
        slotLast[slot] = samples;
        samples++;
        slotLastT[slot] = t;
        slotLastBits[slot] = vb;
        slotHasSamples[slot] = true;
        return s.id;
    }

    /** Prometheus's head appender: checked now against stored exemplars, stored on commit. */
    @Override
    public long appendExemplar(long ref, Labels labels, Labels exemplarLabels, double value, long t,
                               boolean hasTimestamp) {
        if (head.exemplars.capacity() == 0) {
            return 0;
        }
        // A scrape appends a line's exemplar right after its sample: usually the series joined last.
        HeadSeries s = slots > 0 && slotSeries[slots - 1].id == ref ? slotSeries[slots - 1]
                : ref > 0 ? head.series.byId(ref) : null;
        if (s == null && labels != null) {
            s = head.series.byLabels(labels, labels.hash64());
        }
        if (s == null) {
            throw new StorageException("unknown HeadSeriesRef when trying to add exemplar: " + ref);
        }
        if (exemplars == null) {
            exemplars = new PendingExemplars();
        }
        return exemplars.add(head.exemplars, head.symbols, s, labels, exemplarLabels, value, t, hasTimestamp) ? s.id : 0;
    }

    /**
     * Registers a series with this batch and pins it against removal by head truncation; returns its
     * slot. {@code s} is the series found by ref, or null to resolve (and create) it by labels.
     */
    private int join(HeadSeries s, Labels labels) {
        while (true) {
            if (s == null) {
                if (labels == null) {
                    throw new StorageException.InvalidLabels("empty labelset: invalid sample");
                }
                long hash = labels.hash64();
                s = head.series.byLabels(labels, hash);
                if (s == null) {
                    LabelValidator.validate(labels);
                    s = head.series.getOrCreate(labels, hash);
                }
            }
            synchronized (s) {
                if (s.claimToken == token) {
                    return s.claimSlot;
                }
                // Had this batch joined the series unclaimed, it would still be pending on it.
                int slot = s.pendingAppenders > 0 ? slotOf.get(s.id) : -1;
                if (slot >= 0) {
                    return slot;
                }
                if (!s.removed) {
                    // Uncontended series are claimed in the series itself; others go to the map.
                    boolean claim = s.pendingAppenders == 0;
                    s.pendingAppenders++;
                    slot = addSlot(s, !claim);
                    if (claim) {
                        s.claimToken = token;
                        s.claimSlot = slot;
                    }
                    return slot;
                }
            }
            s = null; // removed by truncation after we found it: resolve again by labels
        }
    }

    /** Called with the series' monitor held. */
    private int addSlot(HeadSeries s, boolean inMap) {
        if (slots == slotSeries.length) {
            int cap = slots * 2;
            slotSeries = Arrays.copyOf(slotSeries, cap);
            slotFirst = Arrays.copyOf(slotFirst, cap);
            slotLast = Arrays.copyOf(slotLast, cap);
            slotLastT = Arrays.copyOf(slotLastT, cap);
            slotLastBits = Arrays.copyOf(slotLastBits, cap);
            slotHasSamples = Arrays.copyOf(slotHasSamples, cap);
        }
        int slot = slots++;
        slotSeries[slot] = s;
        slotFirst[slot] = -1;
        slotLast[slot] = -1;
        slotLastT[slot] = s.lastTimestamp();
        slotLastBits[slot] = s.lastValueBits();
        slotHasSamples[slot] = s.hasSamples();
        if (inMap) {
            slotOf.put(s.id, slot);
        }
        return slot;
    }

    /**
     * Applies the batch in three steps under the head's commit lock: decide which samples are still
     * acceptable (a concurrent commit may have made some out of order), log exactly those, then apply
     * them series by series. A failed WAL write therefore leaves the head untouched.
     */
    @Override
    public void commit() {
        boolean withExemplars = exemplars != null && !exemplars.isEmpty();
        if (slots == 0 && !withExemplars) {
            reset();
            return;
        }
        Head h = head;
        boolean logged = false;
        boolean released = false;
        h.commitLock.lock();
        try {
            long applied = decide(h.appendableMinTime());
            if (h.wal != null && applied > 0) {
                WalRecords rec = h.walRecords;
                rec.buffer().reset();
                logNewSeries(rec);
                rec.beginRecord(WalRecords.SAMPLES);
                for (int slot = 0; slot < slots; slot++) {
                    int id = slotSeries[slot].id;
                    for (int i = slotFirst[slot]; i >= 0; i = next[i]) {
                        if (accepted[i]) {
                            rec.sample(id, ts[i], bits[i]);
                        }
                    }
                }
                rec.endRecord();
                if (batchHasStartTimes) {
                    logStartTimes(rec);
                }
                h.wal.log(rec.buffer());
                markSeriesLogged();
                logged = true;
            }
            if (h.wal != null && withExemplars) {
                // After the samples, as Prometheus logs them, so a replay never sees an exemplar first.
                WalRecords rec = h.walRecords;
                rec.buffer().reset();
                exemplars.encode(rec, h.symbols);
                h.wal.log(rec.buffer());
                exemplars.markLogged();
                logged = true;
            }
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int slot = 0; slot < slots; slot++) {
                HeadSeries s = slotSeries[slot];
                synchronized (s) {
                    for (int i = slotFirst[slot]; i >= 0; i = next[i]) {
                        if (accepted[i]) {
                            lo = Math.min(lo, ts[i]);
                            hi = Math.max(hi, ts[i]);
                            if (s.append(ts[i], bits[i], h.chunkRange)) {
                                h.stats.chunksCreated.increment();
                            }
                            if (batchHasStartTimes) {
                                s.startTime(ts[i], starts[i]);
                            }
                        }
                    }
                    s.pendingAppenders--;
                }
            }
            released = true;
            if (applied > 0) {
                h.noteCommitted(lo, hi);
            }
            h.stats.samplesAppended.add(applied);
            if (withExemplars) {
                exemplars.commitTo(h.exemplars);
            }
        } finally {
            h.commitLock.unlock();
            if (!released) {
                releaseSeries(); // the WAL write failed: nothing was applied
            }
            reset();
        }
        if (logged) {
            h.wal.commitDurable();
        }
    }

    /**
     * Marks in {@code accepted} the samples that are still valid against the committed state, walking
     * each series' chain in order; counts the rejected ones; returns how many were accepted. Runs under
     * the commit lock, which every writer of a series' last sample holds, so no series monitor is needed.
     */
    private long decide(long minValid) {
        if (slots == 0) {
            return 0; // a batch of exemplars only: it never took the sample buffers
        }
        if (accepted.length < samples) {
            accepted = new boolean[ts.length];
        }
        long n = 0;
        for (int slot = 0; slot < slots; slot++) {
            HeadSeries s = slotSeries[slot];
            boolean has = s.hasSamples();
            long lastT = s.lastTimestamp();
            long lastBits = s.lastValueBits();
            for (int i = slotFirst[slot]; i >= 0; i = next[i]) {
                long t = ts[i];
                boolean ok = false;
                if (t < minValid) {
                    head.stats.outOfBounds.increment();
                } else if (!has || t > lastT) {
                    ok = true;
                } else if (t < lastT) {
                    head.stats.outOfOrder.increment();
                } else if (bits[i] != lastBits) {
                    head.stats.duplicates.increment();
                }
                accepted[i] = ok;
                if (ok) {
                    has = true;
                    lastT = t;
                    lastBits = bits[i];
                    n++;
                }
            }
        }
        return n;
    }

    /** Start timestamps go in their own record after the samples, so readers that skip it lose only the STs. */
    private void logStartTimes(WalRecords rec) {
        rec.beginRecord(WalRecords.START_TIMES);
        for (int slot = 0; slot < slots; slot++) {
            int id = slotSeries[slot].id;
            for (int i = slotFirst[slot]; i >= 0; i = next[i]) {
                if (accepted[i] && starts[i] != 0) {
                    rec.startTime(id, ts[i], starts[i]);
                }
            }
        }
        rec.endRecord();
    }

    /** Series records go before the samples that refer to them, once per series. */
    private void logNewSeries(WalRecords rec) {
        boolean open = false;
        for (int slot = 0; slot < slots; slot++) {
            HeadSeries s = slotSeries[slot];
            if (!s.walLogged && slotFirst[slot] >= 0) {
                if (!open) {
                    rec.beginRecord(WalRecords.SERIES);
                    open = true;
                }
                rec.series(s.id, s.labels(head.symbols));
            }
        }
        if (open) {
            rec.endRecord();
        }
    }

    private void markSeriesLogged() {
        for (int slot = 0; slot < slots; slot++) {
            if (slotFirst[slot] >= 0) {
                slotSeries[slot].walLogged = true;
            }
        }
    }

    @Override
    public void rollback() {
        releaseSeries();
        reset();
    }

    private void releaseSeries() {
        for (int slot = 0; slot < slots; slot++) {
            HeadSeries s = slotSeries[slot];
            synchronized (s) {
                s.pendingAppenders--;
            }
        }
    }

    private void reset() {
        token = BATCH_TOKENS.incrementAndGet();
        if (buffers != null) {
            Arrays.fill(slotSeries, 0, slots, null);
            slotOf.clear();
            giveBuffers();
        }
        slots = 0;
        samples = 0;
        batchHasStartTimes = false;
        starts = null;
        if (exemplars != null) {
            exemplars.clear();
        }
    }

    private void takeBuffers() {
        AppendBuffers b = head.appendBuffers.take();
        buffers = b;
        slotOf = b.slotOf;
        slotSeries = b.slotSeries;
        slotFirst = b.slotFirst;
        slotLast = b.slotLast;
        slotLastT = b.slotLastT;
        slotLastBits = b.slotLastBits;
        slotHasSamples = b.slotHasSamples;
        ts = b.ts;
        bits = b.bits;
        next = b.next;
        accepted = b.accepted;
    }

    /** Hands the (possibly grown) arrays back to the pool; this appender keeps no reference to them. */
    private void giveBuffers() {
        AppendBuffers b = buffers;
        b.slotSeries = slotSeries;
        b.slotFirst = slotFirst;
        b.slotLast = slotLast;
        b.slotLastT = slotLastT;
        b.slotLastBits = slotLastBits;
        b.slotHasSamples = slotHasSamples;
        b.ts = ts;
        b.bits = bits;
        b.next = next;
        b.accepted = accepted;
        buffers = null;
        slotOf = null;
        slotSeries = null;
        slotFirst = null;
        slotLast = null;
        slotLastT = null;
        slotLastBits = null;
        slotHasSamples = null;
        ts = null;
        bits = null;
        next = null;
        accepted = null;
        head.appendBuffers.give(b);
    }
}
