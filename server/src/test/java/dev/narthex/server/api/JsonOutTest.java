package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Random;
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

    @Test
    void largeMatricesWrittenInTwoHalvesMatchSeriesWrittenOneByOne() {
        List<SeriesPoints> series = new ArrayList<>();
        Random r = new Random(5);
        for (int k = 0; k < 37; k++) {
            int n = k == 3 ? 0 : 200 + r.nextInt(1500);
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = 1_700_000_000_000L + 60_000L * i + r.nextInt(1000);
                vs[i] = r.nextInt(4) == 0 ? r.nextInt(100) : r.nextDouble() * 1e4;
            }
            series.add(new SeriesPoints(Labels.of("instance", "host-" + k + "<&>"), ts, vs));
        }
        Matrix m = new Matrix(series);
        int split = JsonOut.splitPoint(series);
        // About half the points on each side, so this takes the two-thread path.
        assertTrue(split > 1 && split < series.size() - 1, "split " + split);
        StringBuilder expected = new StringBuilder("{\"status\":\"success\",\"data\":[");
        for (SeriesPoints s : series) {
            String one = body(ApiResponses.success(out -> out.queryResult(new Matrix(List.of(s)))));
            expected.append(expected.charAt(expected.length() - 1) == '[' ? "" : ",").append(one, one.indexOf('[') + 1, one.length() - 2);
        }
        expected.append("]}");
        assertEquals(expected.toString(), body(ApiResponses.success(out -> out.queryResult(m))));
    }

    @Test
    void smallMatricesAndSingleSeriesAreNotSplit() {
        SeriesPoints big = new SeriesPoints(Labels.EMPTY, new long[JsonOut.PARALLEL_POINTS], new double[JsonOut.PARALLEL_POINTS]);
        SeriesPoints small = new SeriesPoints(Labels.EMPTY, new long[10], new double[10]);
        assertEquals(1, JsonOut.splitPoint(List.of(big)));
        assertEquals(2, JsonOut.splitPoint(List.of(small, small)));
        assertEquals(1, JsonOut.splitPoint(List.of(big, small)));
    }
}
