package dev.narthex.server.api;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.tsdb.TsdbMetrics;
import dev.narthex.storage.tsdb.TsdbStats;
import java.util.List;

/**
 * The database's administrative operations and statistics behind {@code /api/v1/admin/tsdb/*} and
 * {@code /api/v1/status/tsdb}, and its metrics. Implementations are thread-safe; failures are runtime exceptions.
 */
public interface TsdbAdmin {
    /** Deletes the samples in {@code [mint, maxt]} of the series matching every matcher. */
    void deleteSeries(List<Matcher> matchers, long mint, long maxt);

    /** Removes deleted samples from disk. */
    void cleanTombstones();

    /**
     * Snapshots the database into a new directory under {@code <storage.tsdb.path>/snapshots}, the head
     * included unless {@code skipHead}; returns the new directory's name.
     */
    String snapshot(boolean skipHead);

    /** Head statistics with the top {@code limit} (at least 1) entries in each list. */
    TsdbStats stats(int limit);

    /** The database's counters and gauges, read at each call. */
    TsdbMetrics metrics();
}
