package dev.narthex.promql.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.storage.tsdb.Tsdb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream's {@code start_timestamps.test} on the real storage (the head of an in-memory database) rather
 * than the reference model: the float cases pass only if start timestamps go through the appender, the
 * head and the read path intact, and only while the engine uses them.
 */
class StartTimestampsOnTsdbTest {
    private static final EngineOptions OPTIONS = new EngineOptions(Duration.ofMinutes(5), 10_000, Duration.ofSeconds(100),
            Duration.ofMinutes(1), true);

    private final List<Tsdb> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Tsdb::close);
    }

    private List<ScriptRunner.Outcome> run(EngineOptions options) throws IOException {
        String text = Files.readString(PromqlScriptsTest.scriptsDir().resolve("start_timestamps.test"), StandardCharsets.UTF_8);
        Script script = ScriptParser.parse("start_timestamps.test", text);
        ScriptRunner runner = new ScriptRunner(new PromqlEngine(options), () -> {
            Tsdb db = Tsdb.inMemory();
            opened.add(db);
            return new ScriptStorage(db, db);
        });
        return runner.run(script);
    }

    @Test
    void everyFloatCasePassesOnTheHead() throws IOException {
        List<String> failed = new ArrayList<>();
        int floatCases = 0;
        for (ScriptRunner.Outcome o : run(OPTIONS)) {
            if (!o.histogramSegment()) {
                floatCases++;
                if (!o.passed()) {
                    failed.add(o.line() + " " + o.expr() + ": " + o.failure());
                }
            }
        }
        assertEquals(List.of(), failed);
        assertTrue(floatCases >= 16, floatCases + " float cases");
    }

    @Test
    void theCasesDependOnStartTimestampsBeingUsed() throws IOException {
        long failedWithout = run(OPTIONS.withStartTimestamps(false)).stream()
                .filter(o -> !o.histogramSegment() && !o.passed()).count();
        assertTrue(failedWithout >= 10, failedWithout + " float cases fail with start timestamps ignored");
    }
}
