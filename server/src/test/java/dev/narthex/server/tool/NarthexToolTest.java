package dev.narthex.server.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarthexToolTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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
    void createBlocksFromOpenMetricsPrintsSummaryAndExitsZero() throws Exception {
        Path in = tmp.resolve("in.om");
        Files.writeString(in, "a 1 1700000000\na 2 1700007200\nb 3 1700000001\n# EOF\n");
        Path dir = tmp.resolve("blocks");
        assertEquals(0, run("tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=2h", in.toString(), dir.toString()));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.matches("series: 2, samples: 3, blocks: 2, seconds: \\d+\\.\\d\\d\\n"), summary);
        try (Stream<Path> blocks = Files.list(dir)) {
            assertEquals(2, blocks.count());
        }
    }

    @Test
    void errorsExitOne() throws Exception {
        Path in = tmp.resolve("bad.om");
        Files.writeString(in, "a 1\n# EOF\n");
        assertEquals(1, run("tsdb", "create-blocks-from", "openmetrics", in.toString(), tmp.resolve("o").toString()));
        assertEquals("narthex-tool: error: line 1: expected timestamp for series a{}, got none\n", err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(tmp.resolve("o").resolve("anything")));
        assertEquals(1, run("tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=2x", in.toString()));
        assertEquals(1, run("tsdb"));
        assertEquals(1, run("no-such-command"));
    }

    @Test
    void prometheusDurations() {
        DurationConverter c = new DurationConverter();
        assertEquals(7_200_000L, c.convert("2h"));
        assertEquals(90 * 60_000L + 500, c.convert("1h30m500ms"));
        assertEquals(86_400_000L * 8, c.convert("1w1d"));
        assertEquals("not a valid duration string: \"1m1h\"",
                assertThrows(picocli.CommandLine.TypeConversionException.class,
                        () -> c.convert("1m1h")).getMessage());
    }

    @Test
    void checkConfigReportsLikePromtool() throws Exception {
        Path ok = tmp.resolve("ok.yml");
        Files.writeString(ok, "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n");
        assertEquals(0, run("check", "config", ok.toString()));
        assertEquals("Checking " + ok + "\n SUCCESS: " + ok + " is valid prometheus config file syntax\n\n",
                out.toString(StandardCharsets.UTF_8));
        Path bad = tmp.resolve("bad.yml");
        Files.writeString(bad, "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    sample_limit: lots\n");
        assertEquals(1, run("check", "config", bad.toString()));
        assertEquals("  FAILED: parsing YAML file " + bad + ": yaml: unmarshal errors:\n"
                + "  line 4: cannot unmarshal !!str `lots` into uint\n", err.toString(StandardCharsets.UTF_8));
    }
}
