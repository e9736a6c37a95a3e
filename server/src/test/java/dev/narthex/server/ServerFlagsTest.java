package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFlagsTest {
    @Test
    void prometheusDefaults() {
        ServerFlags f = ServerFlags.parse().flags();
        assertEquals("prometheus.yml", f.configFile());
        assertFalse(f.configFileGiven());
        assertEquals("data/", f.storagePath());
        assertEquals(15L * 86_400_000, f.retentionTimeMs());
        assertEquals(0, f.retentionSizeBytes());
        assertEquals("0.0.0.0", f.host());
        assertEquals(9090, f.port());
        assertFalse(f.enableLifecycle());
        assertFalse(f.enableAdminApi());
        assertEquals(300_000, f.lookbackDeltaMs());
        assertEquals(50_000_000, f.maxSamples());
        assertEquals(120_000, f.queryTimeoutMs());
        assertEquals(20, f.maxConcurrency());
        assertEquals("info", f.logLevel());
        assertEquals("logfmt", f.logFormat());
        assertEquals("15d", f.retentionDescription());
    }

    @Test
    void bothValueStylesAsTheCompatHarnessUsesThem() {
        ServerFlags f = ServerFlags.parse("--config.file=/tmp/p.yml", "--storage.tsdb.path", "/tmp/d",
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:19090", "--web.enable-lifecycle",
                "--query.timeout=30s", "--log.format=json", "--log.level", "debug").flags();
        assertEquals("/tmp/p.yml", f.configFile());
        assertTrue(f.configFileGiven());
        assertEquals("/tmp/d", f.storagePath());
        assertEquals(100L * 365 * 86_400_000, f.retentionTimeMs());
        assertEquals("127.0.0.1", f.host());
        assertEquals(19090, f.port());
        assertTrue(f.enableLifecycle());
        assertEquals(30_000, f.queryTimeoutMs());
        assertEquals("json", f.logFormat());
        assertEquals("100y", f.asMap().get("storage.tsdb.retention.time"));
        assertEquals("30s", f.asMap().get("query.timeout"));
    }

    @Test
    void retentionSizeAlone() {
        ServerFlags f = ServerFlags.parse("--storage.tsdb.retention.size=512MB").flags();
        assertEquals(512L << 20, f.retentionSizeBytes());
        assertEquals(0, f.retentionTimeMs(), "size alone disables the default time limit");
        assertEquals("512MiB", f.retentionDescription());
        assertEquals("10d or 1GiB", ServerFlags.parse("--storage.tsdb.retention.size=1GB",
                "--storage.tsdb.retention.time=10d").flags().retentionDescription());
    }

    @Test
    void booleanFlagForms() {
        assertTrue(ServerFlags.parse("--web.enable-admin-api").flags().enableAdminApi());
        assertTrue(ServerFlags.parse("--web.enable-admin-api=true").flags().enableAdminApi());
        assertFalse(ServerFlags.parse("--web.enable-admin-api=false").flags().enableAdminApi());
        assertFalse(ServerFlags.parse("--web.enable-lifecycle", "--no-web.enable-lifecycle").flags().enableLifecycle());
    }

    @Test
    void prometheusFlagsWithoutEffectAreAccepted() {
        ServerFlags f = ServerFlags.parse("--web.console.templates=/etc/prometheus/consoles", "--web.external-url",
                "http://x/", "--storage.tsdb.no-lockfile", "--enable-feature=memory-snapshot-on-shutdown", "--web.enable-lifecycle").flags();
        assertEquals(Map.of("web.console.templates", "/etc/prometheus/consoles", "web.external-url", "http://x/",
                "storage.tsdb.no-lockfile", "true", "enable-feature", "memory-snapshot-on-shutdown"), f.unusedFlags());
        assertTrue(f.enableLifecycle());
        assertEquals("http://x/", f.asMap().get("web.external-url"));
        assertFalse(ServerFlags.parse("--help").output().contains("web.console.templates"), "kept out of the help");
    }

    @Test
    void exemplarStorageFeatureAmongOthers() {
        assertFalse(ServerFlags.parse().flags().exemplarStorage());
        ServerFlags f = ServerFlags.parse("--enable-feature=native-histograms,exemplar-storage",
                "--enable-feature", "promql-experimental-functions").flags();
        assertTrue(f.exemplarStorage());
        assertEquals(Map.of("enable-feature", "native-histograms,promql-experimental-functions"), f.unusedFlags());
        assertEquals("native-histograms,exemplar-storage,promql-experimental-functions", f.asMap().get("enable-feature"));
        ServerFlags only = ServerFlags.parse("--enable-feature=exemplar-storage").flags();
        assertTrue(only.exemplarStorage());
        assertEquals(Map.of(), only.unusedFlags());
    }

    @Test
    void ipv6ListenAddress() {
        ServerFlags f = ServerFlags.parse("--web.listen-address=[::1]:9091").flags();
        assertEquals("::1", f.host());
        assertEquals(9091, f.port());
    }

    private static ServerFlags.ParseResult fail(String... args) {
        ServerFlags.ParseResult r = ServerFlags.parse(args);
        assertNull(r.flags());
        assertEquals(2, r.exitCode());
        return r;
    }

    @Test
    void errorsExitWithTwo() {
        assertTrue(fail("--no.such.flag=1").output().startsWith("Error parsing command line arguments: unknown long flag '--no.such.flag'"));
        assertTrue(fail("--query.timeout=soon").output().contains("not a valid duration string: \"soon\""));
        assertTrue(fail("--log.level=loud").output().contains("unrecognized log level loud"));
        assertTrue(fail("--log.format=xml").output().contains("unrecognized log format xml"));
        assertTrue(fail("--query.max-concurrency=abc").output().contains("--query.max-concurrency"));
        assertTrue(fail("--web.listen-address=localhost").output().contains("missing port in address"));
        assertTrue(fail("--storage.tsdb.retention.size=12XB").output().contains("unknown unit XB"));
        assertTrue(fail("stray").output().contains("unexpected stray"));
    }

    @Test
    void helpExitsZero() {
        ServerFlags.ParseResult r = ServerFlags.parse("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.output().contains("--storage.tsdb.retention.time"));
    }
}
