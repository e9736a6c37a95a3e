package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.StringValue;
import dev.narthex.promql.value.Vector;
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

    @Test
    void matrixPointsAsPrometheus() {
        Matrix m = new Matrix(List.of(
                new SeriesPoints(Labels.of("job", "a"), new long[] {1700000000000L, 1700000000123L, 1700000000010L},
                        new double[] {0.30000000000000004, 1e21, -2.5e-8}),
                new SeriesPoints(Labels.of("job", "b"), new long[0], new double[0]),
                new SeriesPoints(Labels.of("job", "c"), new long[] {-1500}, new double[] {Double.NEGATIVE_INFINITY})));
        assertEquals("{\"status\":\"success\",\"data\":[{\"metric\":{\"job\":\"a\"},\"values\":[[1700000000,\"0.30000000000000004\"],"
                + "[1700000000.123,\"1e+21\"],[1700000000.010,\"-2.5e-08\"]]},{\"metric\":{\"job\":\"b\"}},"
                + "{\"metric\":{\"job\":\"c\"},\"values\":[[-1.500,\"-Inf\"]]}]}",
                body(ApiResponses.success(out -> out.queryResult(m))));
        assertEquals("{\"status\":\"success\",\"data\":[]}", body(ApiResponses.success(out -> out.queryResult(new Matrix(List.of())))));
    }

    @Test
    void vectorScalarAndStringPoints() {
        Vector v = new Vector(List.of(new Sample(Labels.of("a", "1"), 1700000000500L, 1 / 3.0),
                new Sample(Labels.of("a", "2"), 1700000000500L, Double.NaN)));
        assertEquals("{\"status\":\"success\",\"data\":[{\"metric\":{\"a\":\"1\"},\"value\":[1700000000.500,\"0.3333333333333333\"]},"
                + "{\"metric\":{\"a\":\"2\"},\"value\":[1700000000.500,\"NaN\"]}]}",
                body(ApiResponses.success(out -> out.queryResult(v))));
        assertEquals("{\"status\":\"success\",\"data\":[1700000000,\"5e-324\"]}",
                body(ApiResponses.success(out -> out.queryResult(new Scalar(1700000000000L, Double.MIN_VALUE)))));
        assertEquals("{\"status\":\"success\",\"data\":[0.001,\"a\\u003cb\"]}",
                body(ApiResponses.success(out -> out.queryResult(new StringValue(1, "a<b")))));
    }
}
