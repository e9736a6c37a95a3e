package dev.narthex.promql.scripts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus's own PromQL test scripts against the engine and holds the result to the committed
 * known-failures list: an unlisted failure or a listed pass fails the build, so the list only shrinks.
 * Regenerate the list with {@code -Dpromql.updateKnownFailures=true}.
 */
class PromqlScriptsTest {
    private static final String KNOWN_FAILURES = "promql-known-failures.txt";

    /** The upstream test engine's settings (FORMAT.md section 9). */
    private static final EngineOptions SCRIPT_ENGINE = new EngineOptions(Duration.ofMinutes(5), 10_000, Duration.ofSeconds(100),
            Duration.ofMinutes(1), true);

    @Test
    void upstreamScriptsMatchTheKnownFailures() throws IOException {
        Path dir = scriptsDir();
        ScriptRunner runner = new ScriptRunner(new PromqlEngine(SCRIPT_ENGINE), ScriptStorage::fresh);
        Map<String, String> failing = new TreeMap<>(PromqlScriptsTest::compareKeys);
        Map<String, String> details = new TreeMap<>(PromqlScriptsTest::compareKeys);
        int totalPassed = 0;
        int totalFailed = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            int passed = 0;
            int failed = 0;
            try {
                Script script = ScriptParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
                for (ScriptRunner.Outcome o : runner.run(script)) {
                    if (o.passed()) {
                        passed++;
                    } else {
                        failed++;
                        failing.put(name + ":" + o.line(), reason(o));
                        details.put(name + ":" + o.line(), o.expr() + ": " + o.failure());
                    }
                }
            } catch (ScriptSyntaxException e) {
                failed++;
                failing.put(name + ":0", "script does not parse: " + e.getMessage());
            }
            System.out.printf("%-28s %4d passed, %4d failed%n", name, passed, failed);
            totalPassed += passed;
            totalFailed += failed;
        }
        System.out.printf("%-28s %4d passed, %4d failed%n", "TOTAL", totalPassed, totalFailed);

        if (Boolean.getBoolean("promql.updateKnownFailures")) {
            writeKnownFailures(failing);
            return;
        }
        Map<String, String> known = readKnownFailures();
        List<String> unexpected = new ArrayList<>();
        failing.forEach((key, why) -> {
            if (!known.containsKey(key)) {
                unexpected.add("newly failing " + key + "  " + details.getOrDefault(key, why));
            }
        });
        known.keySet().forEach(key -> {
            if (!failing.containsKey(key)) {
                unexpected.add("now passing (remove from " + KNOWN_FAILURES + ") " + key);
            }
        });
        if (Boolean.getBoolean("promql.printFailures")) {
            details.forEach((key, d) -> System.out.println("FAIL " + key + "  " + d));
        }
        unexpected.forEach(System.out::println);
        assertTrue(unexpected.isEmpty(), unexpected.size() + " differences from " + KNOWN_FAILURES + ", first: "
                + (unexpected.isEmpty() ? "" : unexpected.get(0)));
    }

    /** A short, honest reason for the list; the full message goes to the console. */
    private static String reason(ScriptRunner.Outcome o) {
        if (o.histogramSegment()) {
            return "native histograms";
        }
        if (o.startTimestampSegment()) {
            return "per-sample start timestamps (@st)";
        }
        String f = o.failure().replace('\n', ' ');
        return f.length() > 160 ? f.substring(0, 160) : f;
    }

    private static int compareKeys(String a, String b) {
        String[] x = a.split(":");
        String[] y = b.split(":");
        int c = x[0].compareTo(y[0]);
        return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }

    private static Map<String, String> readKnownFailures() throws IOException {
        Map<String, String> known = new TreeMap<>(PromqlScriptsTest::compareKeys);
        try (InputStream in = PromqlScriptsTest.class.getClassLoader().getResourceAsStream(KNOWN_FAILURES)) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                known.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return known;
    }

    private static void writeKnownFailures(Map<String, String> failing) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Upstream PromQL script evals that Narthex does not pass yet: file:line  reason.\n");
        sb.append("# Checked by PromqlScriptsTest; regenerate with -Dpromql.updateKnownFailures=true.\n");
        failing.forEach((key, why) -> sb.append(key).append("  ").append(why).append('\n'));
        Path out = Paths.get(System.getProperty("user.dir"), "src", "test", "resources", KNOWN_FAILURES);
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + failing.size() + " known failures to " + out);
    }

    /**
     * The upstream scripts: {@code -Dpromql.testsDir}, else the nearest ancestor of the module that has
     * {@code shared/promql-tests/upstream} (CI keeps {@code shared/} beside the checkout root).
     */
    static Path scriptsDir() {
        String configured = System.getProperty("promql.testsDir");
        if (configured != null) {
            return Paths.get(configured);
        }
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("promql-tests").resolve("upstream");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/promql-tests/upstream not found above " + System.getProperty("user.dir"));
    }
}
