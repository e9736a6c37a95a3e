package dev.narthex.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Fixed server facts for API tests. */
public final class TestServerInfo implements ServerInfo {
    private final boolean admin;

    public TestServerInfo(boolean admin) {
        this.admin = admin;
    }

    @Override
    public Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("query.timeout", "2m");
        m.put("web.listen-address", "127.0.0.1:0");
        return m;
    }

    @Override
    public String configYaml() {
        return "global:\n  scrape_interval: 1m\n";
    }

    @Override
    public boolean adminApiEnabled() {
        return admin;
    }

    @Override
    public long startTimeMs() {
        return 1_700_000_000_000L;
    }

    @Override
    public boolean lastReloadSuccessful() {
        return true;
    }

    @Override
    public long lastConfigTimeMs() {
        return 1_700_000_000_500L;
    }

    @Override
    public String storageRetention() {
        return "15d";
    }
}
