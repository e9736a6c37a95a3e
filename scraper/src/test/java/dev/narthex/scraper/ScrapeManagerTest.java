package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.scraper.config.GlobalConfig;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.scraper.config.ScrapeConfigParser;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

class ScrapeManagerTest {
    private static List<ScrapeConfig> configs(String yaml) throws Exception {
        return ScrapeConfigParser.parseAll(new Compose(LoadSettings.builder().build()).composeString(yaml).orElseThrow(), GlobalConfig.DEFAULT);
    }

    private static void await(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!cond.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "condition not reached in time");
            Thread.sleep(50);
        }
    }

    private static ScrapeManager.ActiveTarget active(ScrapeManager m, String job) {
        return m.activeTargets().stream().filter(t -> t.scrapePool().equals(job)).findFirst().orElse(null);
    }

    @Test
    void reloadKeepsUnchangedLoopsAndStalesRemovedTargets() throws Exception {
        try (TestTarget server = new TestTarget()) {
            ReferenceStorage storage = new ReferenceStorage();
            try (ScrapeManager mgr = new ScrapeManager(storage, 1, 2)) {
                server.body = "# TYPE m gauge\n# HELP m Help.\nm 1\n";
                String a = server.address();
                String job = "  scrape_interval: 500ms\n  scrape_timeout: 400ms\n  static_configs:\n  - targets: [" + a + "]\n";
                mgr.applyConfig(GlobalConfig.DEFAULT, configs("- job_name: keep\n" + job + "- job_name: gone\n" + job
                        + "  relabel_configs:\n  - source_labels: [__address__]\n    regex: nomatch\n    action: drop\n"
                        + "- job_name: dropper\n" + job + "  relabel_configs:\n  - action: drop\n    source_labels: [__address__]\n"));
                mgr.start();
                await(() -> active(mgr, "keep") != null && active(mgr, "keep").target().health() == Target.Health.UP
                        && active(mgr, "gone") != null && active(mgr, "gone").target().health() == Target.Health.UP);
                ScrapeManager.ActiveTarget kept = active(mgr, "keep");
                assertEquals("http://" + a + "/metrics", kept.target().scrapeUrl());
                assertEquals(Labels.of("instance", a, "job", "keep"), kept.target().publicLabels());
                assertEquals(List.of("dropper"), mgr.droppedTargets().stream().map(ScrapeManager.DroppedTarget::scrapePool).toList());
                assertEquals(a, mgr.droppedTargets().get(0).discoveredLabels().get("__address__"));
                assertTrue(mgr.metadata().stream().anyMatch(md -> md.metadata().equals(new MetricMetadata("m", "gauge", "Help.", ""))));

                mgr.applyConfig(GlobalConfig.DEFAULT, configs("- job_name: keep\n" + job + "- job_name: added\n" + job));
                assertSame(kept.target(), active(mgr, "keep").target());
                assertEquals(null, active(mgr, "gone"));
                await(() -> active(mgr, "added").target().health() == Target.Health.UP);
                List<String> gone = StorageDump.series(storage, "__name__", "m", "instance", a, "job", "gone");
                assertTrue(gone.get(gone.size() - 1).startsWith("stale@"), gone.toString());
                List<String> keep = StorageDump.series(storage, "__name__", "m", "instance", a, "job", "keep");
                assertTrue(keep.stream().noneMatch(s -> s.startsWith("stale")), keep.toString());

                // A changed job restarts its loops; targets that keep their identity continue without stale markers.
                mgr.applyConfig(GlobalConfig.DEFAULT, configs("- job_name: keep\n" + job + "  honor_labels: true\n"));
                Target restarted = active(mgr, "keep").target();
                assertTrue(restarted != kept.target());
                int before = StorageDump.series(storage, "__name__", "m", "instance", a, "job", "keep").size();
                await(() -> StorageDump.series(storage, "__name__", "m", "instance", a, "job", "keep").size() > before);
                List<String> continued = StorageDump.series(storage, "__name__", "m", "instance", a, "job", "keep");
                assertTrue(continued.stream().noneMatch(s -> s.startsWith("stale")), continued.toString());
                List<String> added = StorageDump.series(storage, "__name__", "m", "instance", a, "job", "added");
                assertTrue(added.get(added.size() - 1).startsWith("stale@"), added.toString());
            }
        }
    }

    @Test
    void targetLimitFailsEveryScrapeOfTheJob() throws Exception {
        ReferenceStorage storage = new ReferenceStorage();
        try (TestTarget server = new TestTarget(); ScrapeManager mgr = new ScrapeManager(storage, 1, 1)) {
            server.body = "m 1\n";
            mgr.applyConfig(GlobalConfig.DEFAULT, configs("- job_name: lim\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\n"
                    + "  target_limit: 1\n  static_configs:\n  - targets: [" + server.address() + "]\n    labels: {a: '1'}\n"
                    + "  - targets: [" + server.address() + "]\n    labels: {a: '2'}\n"));
            mgr.start();
            await(() -> mgr.activeTargets().size() == 2
                    && mgr.activeTargets().stream().allMatch(t -> t.target().health() == Target.Health.DOWN));
            assertEquals("target_limit exceeded (number of targets: 2, limit: 1)", mgr.activeTargets().get(0).target().lastError());
            assertEquals(0, server.requests.get());
        }
    }

    @Test
    void fileSdChangesAddAndRemoveTargets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReferenceStorage storage = new ReferenceStorage();
        try (TestTarget server = new TestTarget(); ScrapeManager mgr = new ScrapeManager(storage, 1, 1)) {
            server.body = "m 1\n";
            String a = server.address();
            java.nio.file.Path file = dir.resolve("targets.json");
            java.nio.file.Files.writeString(file, "[{\"targets\": [\"" + a + "\"], \"labels\": {\"g\": \"1\"}},"
                    + " {\"targets\": [\"" + a + "\"], \"labels\": {\"g\": \"2\"}}]");
            mgr.applyConfig(GlobalConfig.DEFAULT, configs("- job_name: f\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\n"
                    + "  file_sd_configs:\n  - files: [" + dir + "/*.json]\n"));
            mgr.start();
            await(() -> mgr.activeTargets().size() == 2
                    && mgr.activeTargets().stream().allMatch(t -> t.target().health() == Target.Health.UP));
            assertEquals(file.toString(), mgr.activeTargets().get(0).target().discoveredLabels().get("__meta_filepath"));

            java.nio.file.Files.writeString(file, "[{\"targets\": [\"" + a + "\"], \"labels\": {\"g\": \"1\"}}]");
            await(() -> mgr.activeTargets().size() == 1);
            await(() -> {
                List<String> s = StorageDump.series(storage, "__name__", "m", "g", "2", "instance", a, "job", "f");
                return !s.isEmpty() && s.get(s.size() - 1).startsWith("stale@");
            });
            assertEquals("1", mgr.activeTargets().get(0).target().publicLabels().get("g"));
        }
    }

    @Test
    void globalUrlNamesThisHostForLoopbackTargets() throws Exception {
        try (ScrapeManager mgr = new ScrapeManager(new ReferenceStorage(), 1, 1)) {
            String host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            assertEquals("http://" + host + ":9100/metrics", mgr.globalUrl("http://localhost:9100/metrics"));
            assertEquals("https://" + host + ":1/m?x=1", mgr.globalUrl("https://127.0.0.1:1/m?x=1"));
            assertEquals("http://example.org:1/metrics", mgr.globalUrl("http://example.org:1/metrics"));
        }
    }
}
