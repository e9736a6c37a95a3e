package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.ReferenceStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/parse_query}: the syntax tree in the JSON shape of Prometheus's {@code translateAST}. */
class ParseQueryTest {
    private static final String UP = "{\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"up\"}],"
            + "\"name\":\"up\",\"offset\":0,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"vectorSelector\"}";

    private final ApiV1 api = new ApiV1(new FakeQueryService(), new ReferenceStorage(), new TestServerInfo(false), () -> 0L);

    private String parse(String query) {
        Response r = api.handle(Request.of("GET", "/api/v1/parse_query", Map.of("query", List.of(query))));
        String body = r.body().toString(StandardCharsets.UTF_8);
        r.body().release();
        return body;
    }

    private static String success(String data) {
        return "{\"status\":\"success\",\"data\":" + data + "}";
    }

    @Test
    void aggregationOverCallOverMatrixSelector() {
        assertEquals(success("{\"expr\":{\"args\":[{\"matchers\":[{\"name\":\"code\",\"type\":\"=\",\"value\":\"200\"},"
                + "{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"http_requests_total\"}],\"name\":\"http_requests_total\","
                + "\"offset\":60000,\"range\":300000,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"matrixSelector\"}],"
                + "\"func\":{\"argTypes\":[\"matrix\"],\"name\":\"rate\",\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"},"
                + "\"grouping\":[\"job\"],\"op\":\"sum\",\"param\":null,\"type\":\"aggregation\",\"without\":false}"),
                parse("sum by (job) (rate(http_requests_total{code=\"200\"}[5m] offset 1m))"));
    }

    @Test
    void aggregationWithParameter() {
        assertEquals(success("{\"expr\":" + UP + ",\"grouping\":[\"instance\"],\"op\":\"topk\","
                + "\"param\":{\"type\":\"numberLiteral\",\"val\":\"3\"},\"type\":\"aggregation\",\"without\":true}"),
                parse("topk without (instance) (3, up)"));
    }

    @Test
    void vectorMatchingAndScalarComparison() {
        assertEquals(success("{\"bool\":false,\"lhs\":" + UP + ",\"matching\":{\"card\":\"many-to-one\",\"include\":[\"y\"],"
                + "\"labels\":[\"x\"],\"on\":true},\"op\":\"*\",\"rhs\":" + UP + ",\"type\":\"binaryExpr\"}"),
                parse("up * on (x) group_left (y) up"));
        assertEquals(success("{\"expr\":{\"expr\":{\"bool\":true,\"lhs\":{\"type\":\"numberLiteral\",\"val\":\"1.5\"},"
                + "\"matching\":null,\"op\":\"\\u003e\",\"rhs\":{\"type\":\"numberLiteral\",\"val\":\"+Inf\"},"
                + "\"type\":\"binaryExpr\"},\"type\":\"parenExpr\"},\"op\":\"-\",\"type\":\"unaryExpr\"}"),
                parse("-(1.5 > bool Inf)"));
    }

    @Test
    void subqueryAndAtModifiers() {
        assertEquals(success("{\"expr\":" + UP + ",\"offset\":0,\"range\":600000,\"startOrEnd\":\"end\",\"step\":60000,"
                + "\"timestamp\":null,\"type\":\"subquery\"}"), parse("up[10m:1m] @ end()"));
        assertEquals(success("{\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"up\"}],\"name\":\"up\","
                + "\"offset\":0,\"startOrEnd\":null,\"timestamp\":1700000000000,\"type\":\"vectorSelector\"}"),
                parse("up @ 1700000000"));
    }

    @Test
    void stringArguments() {
        assertEquals(success("{\"args\":[" + UP + ",{\"type\":\"stringLiteral\",\"val\":\"a\"},"
                + "{\"type\":\"stringLiteral\",\"val\":\"$1\"},{\"type\":\"stringLiteral\",\"val\":\"b\"},"
                + "{\"type\":\"stringLiteral\",\"val\":\"(.*)\"}],\"func\":{\"argTypes\":[\"vector\",\"string\",\"string\","
                + "\"string\",\"string\"],\"name\":\"label_replace\",\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"}"),
                parse("label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")"));
    }

    @Test
    void parseErrorIsInvalidQueryParameter() {
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}", parse("sum("));
    }
}
