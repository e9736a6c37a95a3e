package dev.narthex.server;

import dev.narthex.server.api.QueryService;
import dev.narthex.server.api.TsdbAdmin;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.ExemplarQueryable;
import dev.narthex.storage.Queryable;

/** Storage and query evaluation behind the HTTP API; closed once when the server stops. Thread-safe. */
public interface Backend extends AutoCloseable {
    /** Everything stored: what queries, series and label look-ups read. */
    Queryable queryable();

    /** Where new samples go (scraping, remote write). */
    Appendable appendable();

    QueryService queries();

    /** Stored exemplars for {@code /api/v1/query_exemplars}; none unless the storage keeps them. */
    default ExemplarQueryable exemplars() {
        return ExemplarQueryable.NONE;
    }

    /** The database's admin operations, statistics and metrics; null for a storage without them. */
    default TsdbAdmin admin() {
        return null;
    }

    @Override
    void close();
}
