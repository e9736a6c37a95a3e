package dev.narthex.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response: status, content type, body (ownership passes to the HTTP layer, which releases
 * it) and extra headers.
 */
public record Response(int status, String contentType, ByteBuf body, Map<String, String> headers) {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";

    public static Response text(int status, String text) {
        return new Response(status, TEXT, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), Map.of());
    }

    public static Response empty(int status) {
        return new Response(status, TEXT, Unpooled.EMPTY_BUFFER, Map.of());
    }

    /** Go's {@code http.NotFound}. */
    public static Response notFound() {
        return text(404, "404 page not found\n");
    }

    /** Go's router answer to a known path with another method. */
    public static Response methodNotAllowed() {
        return text(405, "Method Not Allowed\n");
    }
}
