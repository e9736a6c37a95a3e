package dev.narthex.server;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.server.logging.LogFormat;
import dev.narthex.server.logging.LogSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@code narthex}, with Prometheus's flag names and defaults. Both {@code --flag=value}
 * and {@code --flag value} work. Values are validated by {@link #parse}, which reports errors in
 * Prometheus's words.
 */
@Command(name = "narthex", mixinStandardHelpOptions = true, version = "narthex (Prometheus API 3.5.0)",
        description = "The Narthex time series database server, a drop-in for the Prometheus server.")
public final class ServerFlags {
    @Option(names = "--config.file", paramLabel = "<file>", defaultValue = "prometheus.yml",
            description = "Prometheus configuration file path.")
    String configFile;

    @Option(names = "--storage.tsdb.path", paramLabel = "<path>", defaultValue = "data/",
            description = "Base path for metrics storage.")
    String storagePath;

    @Option(names = "--storage.tsdb.retention.time", paramLabel = "<duration>",
            description = "How long to retain samples in storage. Defaults to 15d when neither this nor the size is set.")
    String retentionTime;

    @Option(names = "--storage.tsdb.retention.size", paramLabel = "<size>",
            description = "Maximum number of bytes that can be stored for blocks (B, KB, MB, GB, TB, PB, EB; powers of 2).")
    String retentionSize;

    @Option(names = "--web.listen-address", paramLabel = "<address>", defaultValue = "0.0.0.0:9090",
            description = "Address to listen on for UI, API, and telemetry.")
    String listenAddress;

    @Option(names = "--web.enable-lifecycle", negatable = true, description = "Enable shutdown and reload via HTTP request.")
    boolean enableLifecycle;

    @Option(names = "--web.enable-admin-api", negatable = true, description = "Enable API endpoints for admin control actions.")
    boolean enableAdminApi;

    @Option(names = "--query.lookback-delta", paramLabel = "<duration>", defaultValue = "5m",
            description = "The maximum lookback duration for retrieving metrics during expression evaluations.")
    String lookbackDelta;

    @Option(names = "--query.max-samples", paramLabel = "<int>", defaultValue = "50000000",
            description = "Maximum number of samples a single query can load into memory.")
    long maxSamples;

    @Option(names = "--query.timeout", paramLabel = "<duration>", defaultValue = "2m",
            description = "Maximum time a query may take before being aborted.")
    String queryTimeout;

    @Option(names = "--query.max-concurrency", paramLabel = "<int>", defaultValue = "20",
            description = "Maximum number of queries executed concurrently.")
    int maxConcurrency;

    @Option(names = "--query.warmup", paramLabel = "<duration>", defaultValue = "3s",
            description = "Time budget for warming up the query engine on synthetic data before the server reports ready; "
                    + "extended up to three times while the JIT is still compiling; 0s disables it.")
    String queryWarmup;

    @Option(names = "--log.level", paramLabel = "<level>", defaultValue = "info",
            description = "Only log messages with the given severity or above. One of: [debug, info, warn, error]")
    String logLevel;

    @Option(names = "--log.format", paramLabel = "<format>", defaultValue = "logfmt",
            description = "Output format of log messages. One of: [logfmt, json]")
    String logFormat;

    /**
     * Prometheus flags Narthex accepts so that existing command lines keep working, without acting on them
     * (yet). Their values are logged at start-up and listed by {@code /api/v1/status/flags}.
     */
    static final List<String> ACCEPTED_UNUSED = List.of("config.auto-reload", "config.auto-reload-interval",
            "auto-gomaxprocs", "auto-gomemlimit", "auto-gomemlimit.ratio", "auto-gomemlimit.refresh-interval",
            "web.config.file", "web.read-timeout", "web.max-connections", "web.max-notifications-subscribers",
            "web.external-url", "web.route-prefix", "web.user-assets", "web.enable-remote-write-receiver",
            "web.remote-write-receiver.accepted-protobuf-messages", "web.enable-otlp-receiver",
            "web.console.templates", "web.console.libraries", "web.page-title", "web.cors.origin",
            "web.search.max-limit", "storage.tsdb.min-block-duration", "storage.tsdb.max-block-duration",
            "storage.tsdb.max-block-chunk-segment-size", "storage.tsdb.wal-segment-size", "storage.tsdb.no-lockfile",
            "storage.tsdb.allow-overlapping-compaction", "storage.tsdb.wal-compression",
            "storage.tsdb.wal-compression-type", "storage.tsdb.head-chunks-write-queue-size",
            "storage.tsdb.samples-per-chunk", "storage.tsdb.delayed-compaction.max-percent",
            "storage.tsdb.delay-compact-file.path", "storage.tsdb.block-reload-interval",
            "storage.remote.flush-deadline", "storage.remote.read-sample-limit", "storage.remote.read-concurrent-limit",
            "storage.remote.read-max-bytes-in-frame", "rules.alert.for-outage-tolerance", "rules.alert.for-grace-period",
            "rules.alert.resend-delay", "rules.max-concurrent-evals", "scrape.adjust-timestamps",
            "scrape.timestamp-tolerance", "scrape.discovery-reload-interval", "alertmanager.notification-queue-capacity",
            "alertmanager.notification-batch-size", "alertmanager.drain-notification-queue-on-shutdown");

    /** The {@code --enable-feature} names Narthex acts on; the others are accepted and reported as without effect. */
    static final List<String> FEATURES = List.of("exemplar-storage");

    @Option(names = "--enable-feature", paramLabel = "<name>",
            description = "Comma separated feature names to enable. Valid options: exemplar-storage.")
    List<String> enableFeature = new ArrayList<>();

    private final Map<String, String> unused = new TreeMap<>();
    private final Set<String> features = new TreeSet<>();
    private boolean configFileGiven;
    private long retentionTimeMs;
    private long retentionSizeBytes;
    private long lookbackDeltaMs;
    private long queryTimeoutMs;
    private long queryWarmupMs;
    private String host;
    private int port;

    /** Result of {@link #parse}: flags, or a message and exit code (help and version exit 0). */
    public record ParseResult(ServerFlags flags, String output, int exitCode) {
    }

    public static ParseResult parse(String... args) {
        ServerFlags f = new ServerFlags();
        CommandLine cl = new CommandLine(f);
        // Flag names contain dots, which picocli's default "--no-" negation pattern does not accept.
        cl.setNegatableOptionTransformer(new CommandLine.RegexTransformer.Builder()
                .addPattern("^--no-([\\w.-]+)$", "--$1", "--[no-]$1")
                .addPattern("^--([\\w.-]+)$", "--no-$1", "--[no-]$1")
                .build());
        cl.setUnmatchedOptionsArePositionalParams(false);
        // As with Prometheus's parser, a flag given twice takes the last value.
        cl.setOverwrittenOptionsAllowed(true);
        for (String name : ACCEPTED_UNUSED) {
            cl.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("--" + name)
                    .arity("0..1").fallbackValue("true").type(String.class).hidden(true).build());
        }
        try {
            CommandLine.ParseResult pr = cl.parseArgs(args);
            if (cl.isUsageHelpRequested()) {
                return new ParseResult(null, cl.getUsageMessage(), 0);
            }
            if (cl.isVersionHelpRequested()) {
                return new ParseResult(null, String.join("\n", cl.getCommandSpec().version()) + "\n", 0);
            }
            f.configFileGiven = pr.hasMatchedOption("--config.file");
            for (String name : ACCEPTED_UNUSED) {
                if (pr.hasMatchedOption("--" + name)) {
                    List<String> values = pr.matchedOption("--" + name).stringValues();
                    f.unused.put(name, values.isEmpty() ? "true" : String.join(",", values));
                }
            }
            f.features();
            f.validate();
        } catch (CommandLine.UnmatchedArgumentException e) {
            String arg = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            String msg = arg.startsWith("--") ? "unknown long flag '" + arg.split("=", 2)[0] + "'"
                    : arg.startsWith("-") ? "unknown short flag '" + arg + "'" : "unexpected " + arg;
            return failure(msg);
        } catch (CommandLine.ParameterException e) {
            return failure(e.getMessage());
        } catch (IllegalArgumentException e) {
            return failure(e.getMessage());
        }
        return new ParseResult(f, "", 0);
    }

    private static ParseResult failure(String msg) {
        return new ParseResult(null, "Error parsing command line arguments: " + msg
                + "\nnarthex: error: " + msg + ", try --help\n", 2);
    }

    /** Splits the repeatable, comma-separated {@code --enable-feature}; names without effect go to the unused flags. */
    private void features() {
        List<String> withoutEffect = new ArrayList<>();
        for (String value : enableFeature) {
            for (String name : value.split(",")) {
                if (FEATURES.contains(name)) {
                    features.add(name);
                } else if (!name.isEmpty()) {
                    withoutEffect.add(name);
                }
            }
        }
        if (!withoutEffect.isEmpty()) {
            unused.put("enable-feature", String.join(",", withoutEffect));
        }
    }

    private void validate() {
        lookbackDeltaMs = duration("query.lookback-delta", lookbackDelta);
        queryTimeoutMs = duration("query.timeout", queryTimeout);
        queryWarmupMs = duration("query.warmup", queryWarmup);
        retentionTimeMs = retentionTime == null ? 0 : duration("storage.tsdb.retention.time", retentionTime);
        retentionSizeBytes = retentionSize == null ? 0 : ByteSize.parse(retentionSize);
        if (retentionTimeMs == 0 && retentionSizeBytes == 0) {
            retentionTimeMs = PromDuration.parseMillis("15d");
        }
        if (LogSettings.parseLevel(logLevel) == null) {
            throw new IllegalArgumentException("unrecognized log level " + logLevel);
        }
        if (LogFormat.parse(logFormat) == null) {
            throw new IllegalArgumentException("unrecognized log format " + logFormat);
        }
        if (maxConcurrency <= 0) {
            throw new IllegalArgumentException("--query.max-concurrency must be positive, got " + maxConcurrency);
        }
        int colon = listenAddress.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + listenAddress + ": missing port in address");
        }
        host = listenAddress.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            port = Integer.parseInt(listenAddress.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address " + listenAddress + ": invalid port");
        }
    }

    private static long duration(String flag, String value) {
        try {
            return PromDuration.parseMillis(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " for flag --" + flag);
        }
    }

    /** Every flag with its effective value, as {@code /api/v1/status/flags} reports them. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("config.file", configFile);
        if (!enableFeature.isEmpty()) {
            m.put("enable-feature", String.join(",", enableFeature));
        }
        m.put("log.format", logFormat);
        m.put("log.level", logLevel);
        m.put("query.lookback-delta", PromDuration.format(lookbackDeltaMs));
        m.put("query.max-concurrency", Integer.toString(maxConcurrency));
        m.put("query.max-samples", Long.toString(maxSamples));
        m.put("query.timeout", PromDuration.format(queryTimeoutMs));
        m.put("query.warmup", PromDuration.format(queryWarmupMs));
        m.put("storage.tsdb.path", storagePath);
        m.put("storage.tsdb.retention.size", retentionSizeBytes == 0 ? "0B" : ByteSize.format(retentionSizeBytes));
        m.put("storage.tsdb.retention.time", retentionTime == null ? "0s" : PromDuration.format(retentionTimeMs));
        m.put("web.enable-admin-api", Boolean.toString(enableAdminApi));
        m.put("web.enable-lifecycle", Boolean.toString(enableLifecycle));
        m.put("web.listen-address", listenAddress);
        unused.forEach(m::putIfAbsent);
        return m;
    }

    /** Whether {@code --enable-feature=exemplar-storage} was given: exemplars are then stored and queryable. */
    public boolean exemplarStorage() {
        return features.contains("exemplar-storage");
    }

    /** Prometheus flags that were given but have no effect in Narthex, with their values. */
    public Map<String, String> unusedFlags() {
        return Map.copyOf(unused);
    }

    public String configFile() {
        return configFile;
    }

    /** Whether {@code --config.file} was on the command line (else a missing file means "use the default"). */
    public boolean configFileGiven() {
        return configFileGiven;
    }

    public String storagePath() {
        return storagePath;
    }

    public long retentionTimeMs() {
        return retentionTimeMs;
    }

    public long retentionSizeBytes() {
        return retentionSizeBytes;
    }

    /** Retention as Prometheus's runtime info shows it: {@code 15d}, {@code 512MiB} or both joined by "or". */
    public String retentionDescription() {
        String t = retentionTimeMs == 0 ? "" : PromDuration.format(retentionTimeMs);
        String s = retentionSizeBytes == 0 ? "" : ByteSize.format(retentionSizeBytes);
        return t.isEmpty() ? s : s.isEmpty() ? t : t + " or " + s;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean enableLifecycle() {
        return enableLifecycle;
    }

    public boolean enableAdminApi() {
        return enableAdminApi;
    }

    public long lookbackDeltaMs() {
        return lookbackDeltaMs;
    }

    public long maxSamples() {
        return maxSamples;
    }

    public long queryTimeoutMs() {
        return queryTimeoutMs;
    }

    /** Time budget of the start-up query warm-up; 0 when disabled. */
    public long queryWarmupMs() {
        return queryWarmupMs;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public String logLevel() {
        return logLevel;
    }

    public String logFormat() {
        return logFormat;
    }
}
