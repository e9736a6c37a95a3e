package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.server.http.Response;
import dev.narthex.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOutTest {
    private static String body(Response r) {
        String s = r.body().toString(StandardCharsets.UTF_8);
        r.body().release();
        return s;
    }

    @Test
    void stringsEscapedAsGo() {
        Response r = ApiResponses.success(out -> out.labels(Labels.of("a", "x<y>&z", "b", "tab\tnl\nbell\u0007ff\u000cbs\b", "c", "\u2028\u2029é\"\\")));
        assertEquals("{\"status\":\"success\",\"data\":{\"a\":\"x\\u003cy\\u003e\\u0026z\","
                + "\"b\":\"tab\\tnl\\nbell\\u0007ff\\u000cbs\\u0008\",\"c\":\"\\u2028\\u2029é\\\"\\\\\"}}", body(r));
    }

    @Test
    void envelopeOmitsEmptyAnnotationsAndCapsThem() {
        assertEquals("{\"status\":\"success\",\"data\":[]}", body(ApiResponses.success(out -> out.stringArray(List.of()))));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add("w" + i);
        }
        assertEquals("{\"status\":\"success\",\"data\":[\"x\"],\"warnings\":[\"w0\",\"w1\",\"w2\",\"w3\",\"w4\",\"w5\",\"w6\",\"w7\",\"w8\",\"w9\","
                + "\"2 more warning annotations omitted\"],\"infos\":[\"i\"]}",
                body(ApiResponses.success(out -> out.stringArray(List.of("x")), many, List.of("i"))));
    }

    @Test
    void errorEnvelope() {
        Response r = ApiResponses.error(new ApiException("execution", "boom"));
        assertEquals(422, r.status());
        assertEquals("application/json", r.contentType());
        assertEquals("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}", body(r));
        assertEquals(400, ApiException.badData("x").httpStatus());
        assertEquals(503, new ApiException("timeout", "x").httpStatus());
        assertEquals(499, new ApiException("canceled", "x").httpStatus());
        assertEquals(500, new ApiException("internal", "x").httpStatus());
        assertEquals(500, new ApiException("unavailable", "x").httpStatus());
    }
}
