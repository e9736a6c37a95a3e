package dev.narthex.server;

import dev.narthex.server.api.BuildInfo;
import dev.narthex.server.config.ConfigException;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.server.logging.LogFormat;
import dev.narthex.server.logging.LogSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The {@code narthex} command: parses the flags, loads the configuration (a built-in one that scrapes the
 * server itself when {@code prometheus.yml} is absent and no file was named), opens storage, serves until
 * SIGTERM, SIGINT or {@code /-/quit}, and reloads the configuration on SIGHUP. Exit codes as Prometheus:
 * 2 for bad flags or configuration, 1 for other start-up failures.
 */
public final class NarthexMain {
    private static final Logger log = LoggerFactory.getLogger(NarthexMain.class);

    private NarthexMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, EngineBackend::open));
    }

    /** Opens storage and the query engine for the given flags and initial configuration. */
    @FunctionalInterface
    interface BackendFactory {
        Backend open(ServerFlags flags, ConfigHolder config);
    }

    /** Runs the server until it is asked to stop; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, BackendFactory backends) {
        ServerFlags.ParseResult parsed = ServerFlags.parse(args);
        if (parsed.flags() == null) {
            (parsed.exitCode() == 0 ? out : err).print(parsed.output());
            return parsed.exitCode();
        }
        ServerFlags flags = parsed.flags();
        LogSettings.configure(LogSettings.parseLevel(flags.logLevel()), LogFormat.parse(flags.logFormat()));
        log.atInfo().addKeyValue("version", BuildInfo.VERSION).addKeyValue("narthex", BuildInfo.NARTHEX_VERSION)
                .addKeyValue("runtime", BuildInfo.runtimeVersion()).log("Starting Narthex Server");

        flags.unusedFlags().forEach((name, value) -> log.atWarn().addKeyValue("flag", name).addKeyValue("value", value)
                .log("Flag accepted for compatibility with Prometheus but not used by Narthex"));
        ConfigHolder config;
        try {
            config = loadConfig(flags);
        } catch (ConfigException e) {
            log.atError().addKeyValue("file", Path.of(flags.configFile()).toAbsolutePath())
                    .addKeyValue("err", e.getMessage())
                    .log("Error loading config (--config.file=" + flags.configFile() + ")");
            return 2;
        }

        Backend backend;
        try {
            backend = backends.open(flags, config);
        } catch (RuntimeException e) {
            log.atError().addKeyValue("err", e.getMessage()).setCause(e).log("Opening storage failed");
            return 1;
        }
        NarthexServer server = new NarthexServer(flags, config, backend);
        Signal.handle(new Signal("HUP"), s -> server.reload());
        Signal.handle(new Signal("TERM"), s -> {
            log.warn("Received an OS signal, exiting gracefully...");
            server.requestQuit();
        });
        Signal.handle(new Signal("INT"), s -> {
            log.warn("Received an OS signal, exiting gracefully...");
            server.requestQuit();
        });
        try {
            server.start();
            server.awaitQuit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Netty throws its bind failure as an undeclared IOException; close so no thread keeps the JVM up.
            log.atError().addKeyValue("err", e.getMessage()).log("Error starting web server");
            server.close();
            return 1;
        }
        server.close();
        return 0;
    }

    static ConfigHolder loadConfig(ServerFlags flags) throws ConfigException {
        Path file = Path.of(flags.configFile());
        if (!flags.configFileGiven() && !Files.exists(file)) {
            log.atInfo().addKeyValue("file", file.toAbsolutePath())
                    .log("No configuration file, using the built-in one that scrapes this server");
            return ConfigHolder.fromText(defaultConfig(flags.port()), "(built-in default)");
        }
        log.atInfo().addKeyValue("filename", file.toAbsolutePath()).log("Loading configuration file");
        return ConfigHolder.fromFile(file);
    }

    /** The built-in configuration: Prometheus's example, scraping this server's own /metrics. */
    static String defaultConfig(int port) {
        return """
                global:
                  scrape_interval: 15s
                  evaluation_interval: 15s
                scrape_configs:
                  - job_name: narthex
                    static_configs:
                      - targets: ["localhost:%d"]
                """.formatted(port);
    }
}
