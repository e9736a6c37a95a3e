package dev.narthex.storage.head;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.exemplar.CircularExemplarStorage;
import dev.narthex.storage.labels.SymbolTable;
import dev.narthex.storage.wal.WalRecords;
import java.util.Arrays;

/**
 * The exemplars of one {@link HeadAppender} batch until commit, in primitive columns. They are checked
 * against the stored exemplars when appended (as Prometheus's head appender does), logged to the WAL
 * after the batch's samples, and handed to the exemplar storage after the samples were applied. Not
 * thread-safe: owned by its appender.
 */
final class PendingExemplars {
    private HeadSeries[] series = new HeadSeries[4];
    /** The series' labels, decoded once per exemplar for validation and reused for the commit. */
    private Labels[] seriesLabels = new Labels[4];
    private Labels[] labels = new Labels[4];
    private long[] ts = new long[4];
    private double[] values = new double[4];
    private boolean[] hasTs = new boolean[4];
    private int count;

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Validates and buffers one exemplar of {@code s}; returns false when it is ignored (a duplicate, or
     * storage disabled). Empty-valued exemplar labels are dropped first. {@code callerLabels} (may be null)
     * are used as the series' labels when equal to them: a scrape cache passes the same instance every
     * time, whose hash is computed once, instead of a freshly decoded copy per exemplar.
     */
    boolean add(CircularExemplarStorage storage, SymbolTable symbols, HeadSeries s, Labels callerLabels,
                Labels exemplarLabels, double value, long t, boolean hasTimestamp) {
        Labels l = withoutEmpty(exemplarLabels);
        Labels sl = callerLabels != null && s.sameLabels(callerLabels, symbols) ? callerLabels : s.labels(symbols);
        switch (storage.validate(sl, l, value, t, hasTimestamp)) {
            case DUPLICATE, DISABLED -> {
                return false;
            }
            case OUT_OF_ORDER -> throw new StorageException.OutOfOrderExemplar();
            case LABEL_SET_TOO_LONG -> throw new StorageException.ExemplarLabelLength();
            default -> {
            }
        }
        if (count == ts.length) {
            int cap = count * 2;
            series = Arrays.copyOf(series, cap);
            seriesLabels = Arrays.copyOf(seriesLabels, cap);
            labels = Arrays.copyOf(labels, cap);
            ts = Arrays.copyOf(ts, cap);
            values = Arrays.copyOf(values, cap);
            hasTs = Arrays.copyOf(hasTs, cap);
        }
        series[count] = s;
        seriesLabels[count] = sl;
        labels[count] = l;
        ts[count] = t;
        values[count] = value;
        hasTs[count] = hasTimestamp;
        count++;
        return true;
    }

    private static Labels withoutEmpty(Labels l) {
        for (int i = 0; i < l.size(); i++) {
            if (l.value(i).isEmpty()) {
                Labels.Builder b = l.toBuilder();
                for (int j = i; j < l.size(); j++) {
                    if (l.value(j).isEmpty()) {
                        b.remove(l.name(j));
                    }
                }
                return b.build();
            }
        }
        return l;
    }

    /**
     * Encodes series records for series the WAL does not know yet, then one exemplar record, into {@code
     * rec}; the caller writes the buffer and then calls {@link #markLogged()}. Called under the commit lock.
     */
    void encode(WalRecords rec, SymbolTable symbols) {
        boolean open = false;
        for (int i = 0; i < count; i++) {
            HeadSeries s = series[i];
            if (!s.walLogged && !s.removed && firstOf(s, i)) {
                if (!open) {
                    rec.beginRecord(WalRecords.SERIES);
                    open = true;
                }
                rec.series(s.id, s.labels(symbols));
            }
        }
        if (open) {
            rec.endRecord();
        }
        rec.beginRecord(WalRecords.EXEMPLARS);
        for (int i = 0; i < count; i++) {
            if (!series[i].removed) {
                rec.exemplar(series[i].id, ts[i], Double.doubleToRawLongBits(values[i]), labels[i]);
            }
        }
        rec.endRecord();
    }

    /** Whether {@code i} is the first pending exemplar of {@code s} (so its series record is written once). */
    private boolean firstOf(HeadSeries s, int i) {
        for (int j = 0; j < i; j++) {
            if (series[j] == s) {
                return false;
            }
        }
        return true;
    }

    void markLogged() {
        for (int i = 0; i < count; i++) {
            series[i].walLogged = true;
        }
    }

    /** Hands the batch to the storage; out-of-order ones (a concurrent commit was newer) are dropped there. */
    void commitTo(CircularExemplarStorage storage) {
        for (int i = 0; i < count; i++) {
            if (!series[i].removed) {
                storage.add(seriesLabels[i], labels[i], values[i], ts[i], hasTs[i]);
            }
        }
    }

    void clear() {
        Arrays.fill(series, 0, count, null);
        Arrays.fill(seriesLabels, 0, count, null);
        Arrays.fill(labels, 0, count, null);
        count = 0;
    }
}
