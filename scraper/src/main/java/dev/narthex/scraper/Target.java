package dev.narthex.scraper;

import dev.narthex.storage.Labels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape target: its labels after target relabeling (still holding the {@code __} labels that steer the
 * scrape), the labels discovery produced, and the state of its last scrape. Identity ({@link #key()}) is
 * the label set and URL, as in Prometheus: a reload that yields the same identity keeps the running loop.
 * Labels are immutable; the health fields are written by the scrape loop and read by API snapshots.
 */
public final class Target {
    /** Health as Prometheus reports it. */
    public enum Health {
        UNKNOWN("unknown"), UP("up"), DOWN("down");

        private final String text;

        Health(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Labels labels;
    private final Labels publicLabels;
    private final Labels discoveredLabels;
    private final String url;
    private final String key;
    private final long intervalMs;
    private final long timeoutMs;

    private volatile Health health = Health.UNKNOWN;
    private volatile String lastError = "";
    private volatile long lastScrapeMs;
    private volatile double lastScrapeDurationSeconds;

    Target(Labels labels, Labels discoveredLabels, Map<String, List<String>> params, long intervalMs, long timeoutMs) {
        this.labels = labels;
        this.discoveredLabels = discoveredLabels;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
        Labels.Builder pub = Labels.builder();
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.name(i).startsWith("__")) {
                pub.set(labels.name(i), labels.value(i));
            }
        }
        this.publicLabels = pub.build();
        this.url = buildUrl(labels, params);
        this.key = labels + " " + url;
    }

    private static String buildUrl(Labels labels, Map<String, List<String>> configParams) {
        Map<String, List<String>> params = new TreeMap<>();
        configParams.forEach((k, v) -> params.put(k, new ArrayList<>(v)));
        for (int i = 0; i < labels.size(); i++) {
            String n = labels.name(i);
            if (n.startsWith("__param_")) {
                List<String> vs = params.computeIfAbsent(n.substring("__param_".length()), k -> new ArrayList<>());
                if (vs.isEmpty()) {
                    vs.add(labels.value(i));
                } else {
                    vs.set(0, labels.value(i));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(labels.get("__scheme__")).append("://").append(labels.get("__address__")).append(labels.get("__metrics_path__"));
        String sep = "?";
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(sep).append(queryEscape(e.getKey())).append('=').append(queryEscape(v));
                sep = "&";
            }
        }
        return sb.toString();
    }

    /** Go's url.QueryEscape: like form encoding, which URLEncoder implements. */
    private static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    /** All labels after relabeling, including {@code __address__}, {@code __scheme__} and the like. */
    public Labels labels() {
        return labels;
    }

    /** The labels attached to every scraped series: those not starting with {@code __}. */
    public Labels publicLabels() {
        return publicLabels;
    }

    public Labels discoveredLabels() {
        return discoveredLabels;
    }

    public String scrapeUrl() {
        return url;
    }

    String key() {
        return key;
    }

    /** The scrape interval as the targets API shows it: the {@code __scrape_interval__} label. */
    public String scrapeIntervalText() {
        return labels.get("__scrape_interval__");
    }

    /** The scrape timeout as the targets API shows it: the {@code __scrape_timeout__} label. */
    public String scrapeTimeoutText() {
        return labels.get("__scrape_timeout__");
    }

    public long intervalMs() {
        return intervalMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    public Health health() {
        return health;
    }

    /** The last scrape's error in Prometheus's words, or "" after a successful scrape. */
    public String lastError() {
        return lastError;
    }

    /** Start of the last scrape in Unix milliseconds, or 0 before the first. */
    public long lastScrapeMs() {
        return lastScrapeMs;
    }

    public double lastScrapeDurationSeconds() {
        return lastScrapeDurationSeconds;
    }

    void report(long startMs, double durationSeconds, String error) {
        lastScrapeMs = startMs;
        lastScrapeDurationSeconds = durationSeconds;
        lastError = error == null ? "" : error;
        health = error == null ? Health.UP : Health.DOWN;
    }

    /** Prometheus's per-target spread: a stable hash of labels and URL, so restarts keep the phase. */
    long offsetHash() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
