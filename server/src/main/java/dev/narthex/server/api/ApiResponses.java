package dev.narthex.server.api;

import dev.narthex.server.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's response envelope: {@code {"status":"success","data":...,"warnings":[...],"infos":[...]}}
 * (annotations left out when empty, at most ten of each plus a count of the rest), and
 * {@code {"status":"error","errorType":...,"error":...}} with the status code of the error type.
 */
public final class ApiResponses {
    static final int MAX_ANNOTATIONS = 10;

    /** Writes the {@code data} value of a response. */
    @FunctionalInterface
    public interface DataWriter {
        void write(JsonOut out) throws IOException;
    }

    private ApiResponses() {
    }

    public static Response success(DataWriter data, List<String> warnings, List<String> infos) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(256);
        try (JsonOut out = new JsonOut(new ByteBufOutputStream(buf))) {
            var g = out.generator();
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            data.write(out);
            annotations(out, "warnings", warnings, "warning");
            annotations(out, "infos", infos, "info");
            g.writeEndObject();
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return new Response(200, Response.JSON, buf, Map.of());
    }

    public static Response success(DataWriter data) {
        return success(data, List.of(), List.of());
    }

    public static Response error(ApiException e) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(128);
        try (JsonOut out = new JsonOut(new ByteBufOutputStream(buf))) {
            var g = out.generator();
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", e.errorType());
            g.writeStringField("error", e.getMessage());
            g.writeEndObject();
        } catch (IOException ex) {
            buf.release();
            throw new UncheckedIOException(ex);
        }
        return new Response(e.httpStatus(), Response.JSON, buf, Map.of());
    }

    private static void annotations(JsonOut out, String field, List<String> items, String kind) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        var g = out.generator();
        g.writeArrayFieldStart(field);
        int n = Math.min(items.size(), MAX_ANNOTATIONS);
        for (int i = 0; i < n; i++) {
            g.writeString(items.get(i));
        }
        if (items.size() > MAX_ANNOTATIONS) {
            g.writeString((items.size() - MAX_ANNOTATIONS) + " more " + kind + " annotations omitted");
        }
        g.writeEndArray();
    }
}
