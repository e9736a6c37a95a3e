package dev.narthex.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running configuration and its reloads. A reload that fails keeps the running configuration and
 * reports why; a successful one is handed to every listener. Thread-safe; reloads are serialized.
 */
public final class ConfigHolder {
    private static final Logger log = LoggerFactory.getLogger(ConfigHolder.class);

    private final Path file;
    private final String embedded;
    private final List<Consumer<PrometheusConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile PrometheusConfig current;
    private volatile boolean lastReloadSuccessful;
    private volatile long lastSuccessMs;

    private ConfigHolder(Path file, String embedded) {
        this.file = file;
        this.embedded = embedded;
    }

    /** Loads the file now; the first load must succeed. */
    public static ConfigHolder fromFile(Path file) throws ConfigException {
        ConfigHolder h = new ConfigHolder(file, null);
        h.install(ConfigParser.load(file));
        return h;
    }

    /** A configuration given as text (the built-in default); reloads parse the same text again. */
    public static ConfigHolder fromText(String yaml, String name) throws ConfigException {
        ConfigHolder h = new ConfigHolder(null, yaml);
        h.install(ConfigParser.parse(yaml, name));
        return h;
    }

    private void install(PrometheusConfig c) {
        current = c;
        lastReloadSuccessful = true;
        lastSuccessMs = System.currentTimeMillis();
    }

    public PrometheusConfig current() {
        return current;
    }

    /** Where the configuration comes from, for logs and errors. */
    public String source() {
        return file != null ? file.toString() : "(built-in default)";
    }

    /** The directory relative paths in the configuration (rule_files) resolve against. */
    public Path baseDirectory() {
        Path parent = file == null ? null : file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    public void addListener(Consumer<PrometheusConfig> listener) {
        listeners.add(listener);
    }

    /** Reloads; returns null on success, else the error (the running configuration is kept). */
    public synchronized String reload() {
        log.atInfo().addKeyValue("filename", source()).log("Loading configuration file");
        PrometheusConfig c;
        try {
            c = file != null ? ConfigParser.load(file) : ConfigParser.parse(embedded, source());
            for (Consumer<PrometheusConfig> l : listeners) {
                l.accept(c);
            }
        } catch (ConfigException | RuntimeException e) {
            lastReloadSuccessful = false;
            String msg = "couldn't load configuration (--config.file=\"" + source() + "\"): " + e.getMessage();
            log.atError().addKeyValue("err", msg).log("Error reloading config");
            return msg;
        }
        install(c);
        log.atInfo().addKeyValue("filename", source()).log("Completed loading of configuration file");
        return null;
    }

    public boolean lastReloadSuccessful() {
        return lastReloadSuccessful;
    }

    /** When the running configuration was loaded (ms since the epoch). */
    public long lastSuccessMs() {
        return lastSuccessMs;
    }
}
