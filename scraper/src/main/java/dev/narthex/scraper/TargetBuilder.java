package dev.narthex.scraper;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.storage.text.GoQuote;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.scraper.discovery.TargetGroup;
import dev.narthex.storage.relabel.Relabeler;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns discovered target groups into targets as Prometheus's {@code PopulateLabels} does: target labels
 * over group labels, defaults for job, interval, timeout, path, scheme and {@code __param_*}, target
 * relabeling, validation, {@code __meta_*} removal and {@code instance} defaulting to the address.
 * Stateless and thread-safe.
 */
public final class TargetBuilder {
    /** A target kept by relabeling, or one dropped by it (then {@code target} is null), or an invalid one. */
    public record Result(Target target, Labels discoveredLabels, String error) {
    }

    private TargetBuilder() {
    }

    public static List<Result> fromGroup(ScrapeConfig cfg, TargetGroup group) {
        List<Result> out = new ArrayList<>(group.targets().size());
        int i = 0;
        for (Map<String, String> t : group.targets()) {
            Result r = build(cfg, t, group.labels());
            if (r.error() != null) {
                r = new Result(null, r.discoveredLabels(), "instance " + i + " in group " + group.source() + ": " + r.error());
            }
            out.add(r);
            i++;
        }
        return out;
    }

    public static Result build(ScrapeConfig cfg, Map<String, String> targetLabels, Map<String, String> groupLabels) {
        TreeMap<String, String> lb = new TreeMap<>();
        putNonEmpty(lb, groupLabels);
        putNonEmpty(lb, targetLabels);
        setDefault(lb, "job", cfg.jobName());
        setDefault(lb, "__scrape_interval__", PromDuration.format(cfg.scrapeIntervalMs()));
        setDefault(lb, "__scrape_timeout__", PromDuration.format(cfg.scrapeTimeoutMs()));
        setDefault(lb, "__metrics_path__", cfg.metricsPath());
        setDefault(lb, "__scheme__", cfg.scheme());
        cfg.params().forEach((k, v) -> {
            if (!v.isEmpty()) {
                setDefault(lb, "__param_" + k, v.get(0));
            }
        });
        Labels discovered = Labels.of(lb);
        if (!Relabeler.process(lb, cfg.relabelConfigs())) {
            return new Result(null, discovered, null);
        }
        String addr = lb.getOrDefault("__address__", "");
        if (addr.isEmpty()) {
            return new Result(null, discovered, "no address");
        }
        if (addr.contains("/")) {
            return new Result(null, discovered, GoQuote.quote(addr) + " is not a valid hostname");
        }
        long interval;
        long timeout;
        String intervalText = lb.getOrDefault("__scrape_interval__", "");
        String timeoutText = lb.getOrDefault("__scrape_timeout__", "");
        try {
            interval = PromDuration.parseMillis(intervalText);
        } catch (IllegalArgumentException e) {
            return new Result(null, discovered, "error parsing scrape interval: " + e.getMessage());
        }
        if (interval == 0) {
            return new Result(null, discovered, "scrape interval cannot be 0");
        }
        try {
            timeout = PromDuration.parseMillis(timeoutText);
        } catch (IllegalArgumentException e) {
            return new Result(null, discovered, "error parsing scrape timeout: " + e.getMessage());
        }
        if (timeout == 0) {
            return new Result(null, discovered, "scrape timeout cannot be 0");
        }
        if (timeout > interval) {
            return new Result(null, discovered, "scrape timeout cannot be greater than scrape interval ("
                    + GoQuote.quote(timeoutText) + " > " + GoQuote.quote(intervalText) + ")");
        }
        lb.keySet().removeIf(n -> n.startsWith("__meta_"));
        setDefault(lb, "instance", addr);
        return new Result(new Target(Labels.of(lb), discovered, cfg.params(), interval, timeout), discovered, null);
    }

    private static void putNonEmpty(TreeMap<String, String> lb, Map<String, String> labels) {
        labels.forEach((k, v) -> {
            if (!v.isEmpty()) {
                lb.put(k, v);
            }
        });
    }

    private static void setDefault(TreeMap<String, String> lb, String name, String value) {
        if (lb.getOrDefault(name, "").isEmpty() && !value.isEmpty()) {
            lb.put(name, value);
        }
    }
}
