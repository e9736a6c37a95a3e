package dev.narthex.server;

import dev.narthex.engine.notify.AlertingConfig;
import dev.narthex.engine.notify.Notifier;
import dev.narthex.engine.rules.RuleFileException;
import dev.narthex.engine.rules.RuleFiles;
import dev.narthex.engine.rules.RuleGroup;
import dev.narthex.engine.rules.RuleManager;
import dev.narthex.engine.rules.RuleManagerOptions;
import dev.narthex.engine.rules.RuleSnapshot;
import dev.narthex.engine.yaml.YamlSyntaxException;
import dev.narthex.engine.yaml.YamlTree;
import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.server.api.RulesView;
import dev.narthex.server.config.PrometheusConfig;
import dev.narthex.server.metrics.Collector;
import dev.narthex.server.metrics.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The server's rules: {@code rule_files} evaluated by a {@link RuleManager} over the server's storage, alerts
 * sent by a {@link Notifier} to {@code alerting.alertmanagers}. {@link #apply} follows configuration reloads;
 * a configuration whose rule files or alerting section are bad is refused (thrown) and the running rules
 * stay. Thread-safe.
 */
final class RulesService implements RulesView, Collector, AutoCloseable {
    private static final Set<String> TOP_FIELDS = Set.of("global", "runtime", "alerting", "rule_files", "scrape_config_files",
            "scrape_configs", "storage", "tracing", "remote_write", "remote_read", "otlp");

    private final Path configDir;
    private final ServerFlags flags;
    private final Notifier notifier = new Notifier(Notifier.DEFAULT_QUEUE_CAPACITY);
    private final RuleManager manager;
    private final String externalUrl;

    /** Loads the rules of {@code config} (relative to {@code configDir}) and starts evaluating them. */
    RulesService(Path configDir, ServerFlags flags, Backend backend, PrometheusConfig config, String externalUrl, LongSupplier clock) {
        this.configDir = configDir;
        this.flags = flags;
        this.externalUrl = externalUrl;
        // the rules' engine is the server's, with the evaluation interval as subquery default step
        this.manager = new RuleManager(RuleManagerOptions.defaults(backend.queryable(), backend.appendable(),
                engine(config), clock).withNotify(notifier.notifyFunction(externalUrl)));
        apply(config);
        manager.start();
    }

    private PromqlEngine engine(PrometheusConfig config) {
        return new PromqlEngine(new EngineOptions(Duration.ofMillis(flags.lookbackDeltaMs()), flags.maxSamples(),
                Duration.ofMillis(flags.queryTimeoutMs()), Duration.ofMillis(config.global().evaluationIntervalMs())));
    }

    /** Installs the configuration's rules and Alertmanagers; throws (changing nothing) when they are invalid. */
    void apply(PrometheusConfig config) {
        AlertingConfig alerting = alerting(config);
        List<Path> files;
        try {
            files = RuleFiles.expand(configDir, config.ruleFiles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            manager.update(config.global().evaluationIntervalMs(), config.global().ruleQueryOffsetMs(), files,
                    config.global().externalLabels(), externalUrl);
        } catch (RuleFileException e) {
            throw new IllegalArgumentException("error loading rules: " + String.join("; ", e.errors()), e);
        }
        notifier.applyConfig(config.global().externalLabels(), alerting.relabel(), alerting.alertmanagers());
    }

    /** The engine module parses the alerting section itself; the server's loader has already validated it. */
    private static AlertingConfig alerting(PrometheusConfig config) {
        if (config.alerting().alertmanagers().isEmpty() && config.alerting().alertRelabelConfigs().isEmpty()) {
            return AlertingConfig.NONE;
        }
        List<String> errs = new ArrayList<>();
        AlertingConfig parsed;
        try {
            Map<String, YamlTree> top = YamlTree.parse(config.toYaml()).fields(errs, "config.plain", TOP_FIELDS);
            errs.clear();
            parsed = AlertingConfig.parse(top.get("alerting"), errs);
        } catch (YamlSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!errs.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errs));
        }
        return parsed;
    }

    @Override
    public List<RuleSnapshot.Group> groups() {
        return manager.snapshot();
    }

    @Override
    public List<String> alertmanagers() {
        return notifier.alertmanagers();
    }

    /** Prometheus's rule-group gauges and notifier metrics. */
    @Override
    public void collect(StringBuilder out) {
        List<RuleGroup> groups = manager.groups();
        String[] groupLabel = {"rule_group"};
        TextFormat.header(out, "prometheus_rule_evaluations_total", "The total number of rule evaluations.", "counter");
        for (RuleGroup g : groups) {
            TextFormat.sample(out, "prometheus_rule_evaluations_total", groupLabel, new String[] {g.file() + ";" + g.name()}, null, null,
                    g.ruleEvaluations());
        }
        TextFormat.header(out, "prometheus_rule_evaluation_failures_total", "The total number of rule evaluation failures.", "counter");
        for (RuleGroup g : groups) {
            TextFormat.sample(out, "prometheus_rule_evaluation_failures_total", groupLabel, new String[] {g.file() + ";" + g.name()},
                    null, null, g.ruleEvaluationFailures());
        }
        // a summary without quantiles: its sum and count, as prometheus_engine_query_duration_seconds here
        double sum = 0;
        long count = 0;
        for (RuleGroup g : groups) {
            sum += g.runSecondsSum();
            count += g.runs();
        }
        TextFormat.header(out, "prometheus_rule_group_duration_seconds", "The duration of rule group evaluations.", "summary");
        TextFormat.sample(out, "prometheus_rule_group_duration_seconds_sum", new String[0], new String[0], null, null, sum);
        TextFormat.sample(out, "prometheus_rule_group_duration_seconds_count", new String[0], new String[0], null, null, count);
        TextFormat.header(out, "prometheus_rule_group_rules", "The number of rules.", "gauge");
        for (RuleGroup g : groups) {
            TextFormat.sample(out, "prometheus_rule_group_rules", groupLabel, new String[] {g.file() + ";" + g.name()}, null, null,
                    g.rules().size());
        }
        TextFormat.header(out, "prometheus_rule_group_interval_seconds", "The interval of a rule group.", "gauge");
        for (RuleGroup g : groups) {
            TextFormat.sample(out, "prometheus_rule_group_interval_seconds", groupLabel, new String[] {g.file() + ";" + g.name()},
                    null, null, g.intervalMs() / 1000.0);
        }
        TextFormat.header(out, "prometheus_rule_group_last_duration_seconds", "The duration of the last rule group evaluation.", "gauge");
        for (RuleGroup g : groups) {
            TextFormat.sample(out, "prometheus_rule_group_last_duration_seconds", groupLabel, new String[] {g.file() + ";" + g.name()},
                    null, null, g.evaluationSeconds());
        }
        TextFormat.header(out, "prometheus_rule_group_last_evaluation_timestamp_seconds",
                "The timestamp of the last rule group evaluation in seconds.", "gauge");
        for (RuleGroup g : groups) {
            TextFormat.sample(out, "prometheus_rule_group_last_evaluation_timestamp_seconds", groupLabel,
                    new String[] {g.file() + ";" + g.name()}, null, null, g.lastEvaluationMs() / 1000.0);
        }
        List<Notifier.Metrics> nm = notifier.metrics();
        String[] amLabel = {"alertmanager"};
        notifierFamily(out, nm, "prometheus_notifications_sent_total", "Total number of alerts sent.", "counter", amLabel, Notifier.Metrics::sent);
        notifierFamily(out, nm, "prometheus_notifications_errors_total",
                "Total number of sent alerts affected by errors.", "counter", amLabel, Notifier.Metrics::errors);
        notifierFamily(out, nm, "prometheus_notifications_dropped_total",
                "Total number of alerts dropped due to errors when sending to Alertmanager.", "counter", new String[0],
                Notifier.Metrics::dropped);
        notifierFamily(out, nm, "prometheus_notifications_queue_length", "The number of alert notifications in the queue.", "gauge",
                new String[0], Notifier.Metrics::queueLength);
        TextFormat.header(out, "prometheus_notifications_queue_capacity", "The capacity of the alert notifications queue.", "gauge");
        TextFormat.sample(out, "prometheus_notifications_queue_capacity", new String[0], new String[0], null, null,
                Notifier.DEFAULT_QUEUE_CAPACITY);
        TextFormat.header(out, "prometheus_notifications_alertmanagers_discovered", "The number of alertmanagers discovered and active.", "gauge");
        TextFormat.sample(out, "prometheus_notifications_alertmanagers_discovered", new String[0], new String[0], null, null, nm.size());
    }

    /** One family: per Alertmanager when labelled, else summed over them (Prometheus keeps one queue). */
    private static void notifierFamily(StringBuilder out, List<Notifier.Metrics> nm, String name, String help, String type,
            String[] labelNames, ToLongFunction<Notifier.Metrics> value) {
        TextFormat.header(out, name, help, type);
        if (labelNames.length == 0) {
            long sum = 0;
            for (Notifier.Metrics m : nm) {
                sum += value.applyAsLong(m);
            }
            TextFormat.sample(out, name, labelNames, new String[0], null, null, sum);
            return;
        }
        for (Notifier.Metrics m : nm) {
            TextFormat.sample(out, name, labelNames, new String[] {m.alertmanager()}, null, null, value.applyAsLong(m));
        }
    }

    @Override
    public void close() {
        manager.close();
        notifier.flush();
        notifier.close();
    }
}
