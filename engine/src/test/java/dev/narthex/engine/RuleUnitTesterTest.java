package dev.narthex.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the unit-test files under {@code rules-unittest/} and compares verdict, exit code and the whole
 * error report with what promtool 3.5 printed for the same files ({@code expected/*.stdout}, {@code expected/*.stderr}).
 */
class RuleUnitTesterTest {
    @ParameterizedTest
    @CsvSource({
        "pass-basic, 0",
        "pass-keep-firing, 0",
        "fail-alert-labels, 1",
        "fail-promql-value, 1",
        "fail-rule-error, 1",
        "pass-group-order, 0",
        "fail-group-order, 1",
        "pass-external, 0",
        "fail-bad-rules, 1",
        "fail-unknown-field, 1",
        "fail-missing-alertname, 1",
        "fail-bad-series, 1",
    })
    void verdictAndReportMatchPromtool(String name, int exitCode) throws Exception {
        Path dir = resources();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RuleUnitTester(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(dir.resolve(name + ".yml")));
        String expectedErr = Files.readString(dir.resolve("expected/" + name + ".stderr"));
        // promtool ran in the resources directory, so its paths are relative to it
        assertEquals(expectedErr, err.toString(StandardCharsets.UTF_8).replace(dir + "/", ""));
        assertEquals(exitCode, code);
        assertEquals(Files.readString(dir.resolve("expected/" + name + ".stdout")), out.toString(StandardCharsets.UTF_8));
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(RuleUnitTesterTest.class.getResource("/rules-unittest/rules.yml").toURI()).getParent();
    }
}
