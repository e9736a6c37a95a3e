package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.Vector;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production backend over a real database directory. */
class EngineBackendTest {
    @TempDir
    Path dir;

    @Test
    void queriesWhatWasWritten() throws Exception {
        ServerFlags flags = ServerFlags.parse("--storage.tsdb.path=" + dir, "--storage.tsdb.retention.time=100y").flags();
        ConfigHolder config = ConfigHolder.fromText("global:\n  evaluation_interval: 1m\n", "test");
        try (EngineBackend backend = EngineBackend.open(flags, config)) {
            Appender app = backend.appendable().appender();
            for (int i = 0; i <= 10; i++) {
                app.append(0, Labels.of("__name__", "requests_total", "job", "api"), 1_700_000_000_000L + i * 15_000L, i * 30);
            }
            app.commit();
            Vector v = (Vector) backend.instantQuery("rate(requests_total[1m])", 1_700_000_150_000L, QueryOptions.NONE).value();
            assertEquals(1, v.samples().size());
            assertEquals(2.0, v.samples().get(0).value(), 1e-9);
            assertEquals(Labels.of("job", "api"), v.samples().get(0).labels());
            assertEquals(42.0, ((Scalar) backend.instantQuery("42", 0, QueryOptions.NONE).value()).value());
            assertEquals("sum by (job) (rate(x[5m]))", backend.formatQuery("sum(rate(x[5m]))by(job)"));
            // Over 100 characters, Prometheus's prettier splits the expression over indented lines.
            assertEquals("""
                    sum by (job) (
                        rate(http_requests_total{instance="localhost:9090",job="prometheus"}[5m])
                      /
                        rate(http_requests_total{instance="localhost:9090",job="prometheus"}[1h])
                    )""", backend.formatQuery("sum by(job)(rate(http_requests_total{job='prometheus',instance='localhost:9090'}[5m])"
                    + " / rate(http_requests_total{job='prometheus',instance='localhost:9090'}[1h]))"));
            assertEquals(Set.of(Matcher.equal("__name__", "up"), Matcher.equal("job", "a")),
                    Set.copyOf(backend.parseMetricSelector("up{job=\"a\"}")));
            PromqlException e = assertThrows(PromqlException.class, () -> backend.instantQuery("sum(", 0, QueryOptions.NONE));
            assertEquals(ErrorType.BAD_DATA, e.type());
        }
    }
}
