package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.server.Lifecycle;
import dev.narthex.server.WebHandler;
import dev.narthex.server.http.HttpMetrics;
import dev.narthex.server.http.HttpServer;
import dev.narthex.server.metrics.MetricRegistry;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.StaleNaN;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /federate} over real HTTP against known series, with a fixed clock and external labels. */
class FederationTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long LOOKBACK = 5 * 60_000L;

    private final ReferenceStorage storage = new ReferenceStorage();
    private final ExecutorService executor = Executors.newFixedThreadPool(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer http;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Appender app = storage.appender();
        Labels upA = Labels.of("__name__", "up", "job", "a", "instance", "x");
        app.append(0, upA, NOW - 60_000, 1);
        app.append(0, upA, NOW - 30_000, 2);
        app.append(0, Labels.of("__name__", "up", "job", "c"), NOW, 3);
        app.append(0, Labels.of("__name__", "up", "job", "old"), NOW - LOOKBACK - 1, 4);
        Labels gone = Labels.of("__name__", "gone", "job", "a");
        app.append(0, gone, NOW - 60_000, 5);
        app.append(0, gone, NOW - 30_000, StaleNaN.VALUE);
        app.append(0, Labels.of("__name__", "esc", "path", "C:\\dir\"q\"\nx", "zone", "own"), NOW, 0.5);
        app.append(0, Labels.of("__name__", "a_first", "job", "z"), NOW - 1000, 1e21);
        app.append(0, Labels.of("__name__", "a_first", "job", "zz"), NOW - 1000, Double.NEGATIVE_INFINITY);
        app.append(0, Labels.of("__name__", "utf8.metric", "0dé.x", "v"), NOW, 7);
        app.commit();
        Federation federation = new Federation(storage, PromqlParser::parseMetricSelector,
                () -> Labels.of("zone", "eu", "cluster", "c1"), LOOKBACK, () -> NOW);
        ApiV1 api = new ApiV1(new FakeQueryService(), storage, new TestServerInfo(false), () -> NOW);
        Lifecycle ready = new Lifecycle() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public String reload() {
                return null;
            }

            @Override
            public boolean requestQuit() {
                return false;
            }
        };
        MetricRegistry metrics = new MetricRegistry();
        http = new HttpServer(new WebHandler(api, federation, ready, metrics, false), executor,
                new HttpMetrics(metrics), HttpServer.DEFAULT_MAX_BODY_BYTES);
        base = "http://127.0.0.1:" + http.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() {
        http.close();
        executor.shutdownNow();
    }

    private HttpResponse<String> federate(String... selectors) throws Exception {
        StringBuilder q = new StringBuilder("/federate");
        for (int i = 0; i < selectors.length; i++) {
            q.append(i == 0 ? '?' : '&').append("match[]=").append(URLEncoder.encode(selectors[i], StandardCharsets.UTF_8));
        }
        return client.send(HttpRequest.newBuilder(URI.create(base + q)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void newestSampleOfEverySelectedSeriesGroupedByFamilyWithExternalLabels() throws Exception {
        HttpResponse<String> r = federate("up", "{job=\"a\"}", "esc", "a_first");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8; escaping=underscores", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("""
                # TYPE a_first untyped
                a_first{job="z",cluster="c1",instance="",zone="eu"} 1e+21 1699999999000
                a_first{job="zz",cluster="c1",instance="",zone="eu"} -Inf 1699999999000
                # TYPE esc untyped
                esc{path="C:\\\\dir\\"q\\"\\nx",zone="own",cluster="c1",instance=""} 0.5 1700000000000
                # TYPE up untyped
                up{instance="x",job="a",cluster="c1",zone="eu"} 2 1699999970000
                up{job="c",cluster="c1",instance="",zone="eu"} 3 1700000000000
                """, r.body());
    }

    @Test
    void namesOutsideTheLegacyCharacterSetAreEscapedWithUnderscores() throws Exception {
        HttpResponse<String> r = federate("{__name__=\"utf8.metric\"}");
        assertEquals("""
                # TYPE utf8_metric untyped
                utf8_metric{_d__x="v",cluster="c1",instance="",zone="eu"} 7 1700000000000
                """, r.body());
    }

    @Test
    void overlappingSelectorsYieldEachSeriesOnce() throws Exception {
        HttpResponse<String> r = federate("up{job=\"a\"}", "{instance=\"x\"}", "up{job=~\"a|c\"}");
        assertEquals("""
                # TYPE up untyped
                up{instance="x",job="a",cluster="c1",zone="eu"} 2 1699999970000
                up{job="c",cluster="c1",instance="",zone="eu"} 3 1700000000000
                """, r.body());
    }

    @Test
    void staleAndOutOfLookbackSeriesAreOmitted() throws Exception {
        assertEquals("", federate("gone", "up{job=\"old\"}").body());
    }

    @Test
    void withoutMatchNothingIsFederated() throws Exception {
        HttpResponse<String> r = federate();
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void badSelectorIsBadRequestWithParserText() throws Exception {
        HttpResponse<String> r = federate("up{");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("1:"), r.body());
        assertTrue(r.body().contains("parse error"), r.body());
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/federate?match[]=up"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
    }
}
