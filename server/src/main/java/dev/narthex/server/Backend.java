package dev.narthex.server;

import dev.narthex.server.api.QueryService;
import dev.narthex.storage.Queryable;

/** Storage and query evaluation behind the HTTP API; closed once when the server stops. */
public interface Backend extends AutoCloseable {
    Queryable queryable();

    QueryService queries();

    @Override
    void close();
}
