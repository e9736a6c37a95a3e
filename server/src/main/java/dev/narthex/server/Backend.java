package dev.narthex.server;

import dev.narthex.server.api.QueryService;
import dev.narthex.server.api.TsdbAdmin;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.tsdb.TsdbMetrics;

/** Storage and query evaluation behind the HTTP API; closed once when the server stops. Thread-safe. */
public interface Backend extends AutoCloseable {
    /** Everything stored: what queries, series and label look-ups read. */
    Queryable queryable();

    /** Where new samples go (scraping, remote write). */
    Appendable appendable();

    QueryService queries();

    /** The database's admin operations and statistics. */
    TsdbAdmin admin();

    /** The database's counters and gauges, read at each call. */
    TsdbMetrics tsdbMetrics();

    @Override
    void close();
}
