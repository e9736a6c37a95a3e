package dev.narthex.scraper.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.scraper.config.FileSdConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSdTest {
    @Test
    void readsJsonAndYamlAndPicksUpChanges(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("a.json");
        // Tab indentation, common in JSON files, is not valid YAML: JSON files get a JSON parser.
        Files.writeString(json, "[\n\t{\n\t\t\"targets\": [\"h1:1\", \"h2:2\"],\n\t\t\"labels\": {\"env\": \"prod\"}\n\t}\n]\n");
        Path yaml = dir.resolve("b.yml");
        Files.writeString(yaml, "- targets: [h3:3]\n");
        Files.writeString(dir.resolve("ignored.txt"), "- targets: [nope:1]\n");
        LinkedBlockingQueue<List<TargetGroup>> updates = new LinkedBlockingQueue<>();
        try (FileSd sd = new FileSd(new FileSdConfig(List.of(dir + "/*.json", dir + "/*.yml"), 60_000), updates::add)) {
            sd.start();
            List<TargetGroup> first = updates.poll(5, TimeUnit.SECONDS);
            assertEquals(List.of(
                    new TargetGroup(List.of(Map.of("__address__", "h1:1"), Map.of("__address__", "h2:2")),
                            Map.of("env", "prod", "__meta_filepath", json.toString()), json + ":0"),
                    new TargetGroup(List.of(Map.of("__address__", "h3:3")), Map.of("__meta_filepath", yaml.toString()), yaml + ":0")),
                    first);

            Files.writeString(yaml, "- targets: [h4:4]\n  labels: {x: y}\n");
            List<TargetGroup> second = updates.poll(10, TimeUnit.SECONDS);
            assertEquals(List.of(Map.of("__address__", "h4:4")), second.get(1).targets());
            assertEquals("y", second.get(1).labels().get("x"));

            Files.delete(json);
            List<TargetGroup> third = updates.poll(10, TimeUnit.SECONDS);
            assertEquals(1, third.size());
        }
    }

    @Test
    void brokenFileKeepsItsPreviousGroups(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "- targets: [a:1]\n");
        LinkedBlockingQueue<List<TargetGroup>> updates = new LinkedBlockingQueue<>();
        try (FileSd sd = new FileSd(new FileSdConfig(List.of(f.toString()), 60_000), updates::add)) {
            sd.refresh();
            assertEquals(1, updates.poll(1, TimeUnit.SECONDS).size());
            Files.writeString(f, "- targets: [a:1\n");
            sd.refresh();
            assertEquals(null, updates.poll(200, TimeUnit.MILLISECONDS));
        }
    }
}
