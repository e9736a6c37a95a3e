package dev.narthex.server.http;

/** Answers requests. Implementations must be thread-safe: several requests run at once. */
public interface Handler {
    /**
     * Whether the request may block or run long (queries, storage reads). Those run on the bounded query
     * executor instead of the Netty event loop.
     */
    boolean blocking(Request request);

    /** Produces the response. Must not throw for bad input; unexpected exceptions become a 500. */
    Response handle(Request request);

    /** The route's name for metrics (the {@code handler} label), e.g. {@code /api/v1/query}. */
    String routeName(Request request);
}
