package dev.narthex.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.engine.RuleTestHarness;
import dev.narthex.engine.rules.Alert;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line of {@code template-cases.tsv} is an annotation template with the text promtool 3.5
 * expanded it to for the same alert; the alert here must get the same annotations.
 */
class TemplateExpansionTest {
    @TempDir
    Path dir;

    private record Case(String name, String template, String expected) {
    }

    @Test
    void annotationsExpandAsPrometheusDoes() throws Exception {
        List<Case> cases = cases();
        StringBuilder yaml = new StringBuilder("groups:\n  - name: t\n    rules:\n      - alert: T\n        expr: input > 0\n        annotations:\n");
        for (int i = 0; i < cases.size(); i++) {
            yaml.append("          a").append(i).append(": '").append(cases.get(i).template().replace("'", "''")).append("'\n");
        }
        Path rules = dir.resolve("r.yml");
        Files.writeString(rules, yaml);
        try (RuleTestHarness h = RuleTestHarness.create(Duration.ofMinutes(1), Duration.ZERO, List.of(rules),
                Labels.of("cluster", "eu1"), "http://prom.example:9090/prefix", List.of())) {
            h.load(Duration.ofMinutes(1), "input{instance=\"b:1\", job=\"node\"} 2.5", "input{instance=\"a:1\", job=\"node2\"} 3");
            h.advanceTo(Duration.ZERO);
            Alert b = h.firingAlerts("T").stream().filter(a -> "b:1".equals(a.labels().get("instance"))).findFirst().orElseThrow();
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                String got = b.annotations().get("a" + i);
                if (!cases.get(i).expected().equals(got)) {
                    mismatches.add(cases.get(i).name() + ":\n  want " + cases.get(i).expected() + "\n  got  " + got);
                }
            }
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
            assertEquals(cases.size(), b.annotations().size());
        }
    }

    private static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = TemplateExpansionTest.class.getResourceAsStream("/template-cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.add(new Case(f[0], f[1], f[2]));
            }
        }
        return out;
    }
}
