package dev.narthex.server.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query commands against a stub API server that answers with Prometheus's JSON and records the forms it got. */
class QueryCommandTest {
    private HttpServer http;
    private String base;
    private final List<String> requests = new ArrayList<>();
    private volatile String answer;
    private volatile int status = 200;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getPath() + "?" + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return NarthexTool.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void instantVectorPrintsLikePromtool() {
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\",\"instance\":\"x:1\"},\"value\":[1700000000.1,\"1\"]},"
                + "{\"metric\":{\"job\":\"b\"},\"value\":[1700000000.1,\"0.25\"]},"
                + "{\"metric\":{},\"value\":[1700000000.1,\"+Inf\"]}]}}";
        assertEquals(0, run("query", "instant", base, "up or x", "--time=1700000000.1"));
        assertEquals("up{instance=\"x:1\", job=\"a\"} => 1 @[1700000000.1]\n{job=\"b\"} => 0.25 @[1700000000.1]\n{} => +Inf @[1700000000.1]\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("/api/v1/query?query=up+or+x&time=1700000000.1"), requests);
    }

    @Test
    void scalarAndRange() {
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"2\"]}}";
        assertEquals(0, run("query", "instant", base, "1+1"));
        assertEquals("scalar: 2 @[1700000000]\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\"},\"values\":[[1700000000,\"1\"],[1700000060,\"1e-07\"]]}]}}";
        assertEquals(0, run("query", "range", base, "up", "--start=1700000000", "--end=2023-11-14T22:14:20Z", "--step=1m"));
        assertEquals("up =>\n1 @[1700000000]\n0.0000001 @[1700000060]\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("/api/v1/query_range?query=up&start=1700000000&end=1700000060&step=1m", requests.get(1));
    }

    @Test
    void rangeDefaultsToAbout250Steps() {
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        assertEquals(0, run("query", "range", base, "up", "--start=1000", "--end=26000"));
        assertEquals("/api/v1/query_range?query=up&start=1000&end=26000&step=100s", requests.get(0));
        assertEquals("\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void errorsExitOne() {
        status = 400;
        answer = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}";
        assertEquals(1, run("query", "instant", base, "sum("));
        assertEquals("query error: bad_data: 1:5: parse error: unexpected end of input\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run("query", "range", base, "up", "--start=10", "--end=5"));
        assertEquals("start time is not before end time\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(1, run("query", "instant", "not a url", "up"));
    }
}
