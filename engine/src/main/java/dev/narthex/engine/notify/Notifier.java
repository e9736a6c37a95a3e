package dev.narthex.engine.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.narthex.engine.rules.Alert;
import dev.narthex.engine.rules.NotifyFunction;
import dev.narthex.storage.Labels;
import dev.narthex.storage.relabel.RelabelConfig;
import dev.narthex.storage.relabel.Relabeler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;

import java.util.List;

/**
 * Sends alerts to Alertmanagers as Prometheus's notifier does: external labels added (the alert's own
 * labels win), global then per-set relabeling, one bounded queue per Alertmanager (oldest dropped
 * when full), batches of at most 256 posted as JSON to {@code /api/v2/alerts}. Thread-safe;
 * {@link #send} never blocks on the network: each Alertmanager has a daemon sender thread.
 */
public final class Notifier implements AutoCloseable {
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    static final int MAX_BATCH_SIZE = 256;
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    private final int queueCapacity;
    private final HttpClient client;
    private Labels externalLabels = Labels.EMPTY;
    private List<RelabelConfig> globalRelabel = List.of();
    private final List<AlertmanagerSet> sets = new ArrayList<>();
    private boolean closed;

    public Notifier(int queueCapacity) {
        this.queueCapacity = queueCapacity;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Replaces the Alertmanager sets; queued alerts of removed Alertmanagers are dropped (and counted). */
    public synchronized void applyConfig(Labels externalLabels, List<RelabelConfig> globalRelabel, List<AlertmanagerConfig> configs) {
        this.externalLabels = externalLabels;
        this.globalRelabel = List.copyOf(globalRelabel);
        for (AlertmanagerSet s : sets) {
            s.stop();
        }
        sets.clear();
        for (AlertmanagerConfig c : configs) {
            if (!"v2".equals(c.apiVersion())) {
                throw new IllegalArgumentException("expected Alertmanager api version to be one of [v2] but got " + c.apiVersion());
            }
            List<SendLoop> loops = new ArrayList<>();
            for (String url : c.urls()) {
                loops.add(new SendLoop(url, c.timeoutMs()));
            }
            sets.add(new AlertmanagerSet(c, loops));
        }
    }

    /** Queues alerts for every Alertmanager; returns at once. */
    public void send(List<NotifierAlert> alerts) {
        List<AlertmanagerSet> current;
        Labels ext;
        List<RelabelConfig> relabel;
        synchronized (this) {
            if (closed) {
                return;
            }
            current = List.copyOf(sets);
            ext = externalLabels;
            relabel = globalRelabel;
        }
        List<NotifierAlert> relabeled = relabel(alerts, ext, relabel);
        if (relabeled.isEmpty()) {
            return;
        }
        for (AlertmanagerSet s : current) {
            List<NotifierAlert> forSet = relabel(relabeled, Labels.EMPTY, s.config.relabel());
            if (forSet.isEmpty()) {
                continue;
            }
            for (SendLoop l : s.loops) {
                l.add(forSet);
            }
        }
    }

    private static List<NotifierAlert> relabel(List<NotifierAlert> alerts, Labels ext, List<RelabelConfig> relabel) {
        List<NotifierAlert> out = new ArrayList<>(alerts.size());
        for (NotifierAlert a : alerts) {
            Labels.Builder b = a.labels().toBuilder();
            for (int i = 0; i < ext.size(); i++) {
                if (a.labels().get(ext.name(i)).isEmpty()) {
                    b.set(ext.name(i), ext.value(i));
                }
            }
            Labels l = Relabeler.process(b.build(), relabel);
            if (l != null && !l.isEmpty()) {
                out.add(l.equals(a.labels()) ? a : a.withLabels(l));
            }
        }
        return out;
    }

    /**
     * The rule manager's notify hook (Prometheus's {@code SendAlerts}): startsAt is when the alert
     * fired, endsAt its resolution time or else its validUntil, generatorURL the table link.
     */
    public NotifyFunction notifyFunction(String externalUrl) {
        return (expr, alerts) -> {
            if (alerts.isEmpty()) {
                return;
            }
            List<NotifierAlert> out = new ArrayList<>(alerts.size());
            for (Alert a : alerts) {
                long endsAt = a.resolvedAtMs() != 0 ? a.resolvedAtMs() : a.validUntilMs();
                String link = externalUrl + "/graph?g0.expr=" + URLEncoder.encode(expr, StandardCharsets.UTF_8).replace("*", "%2A")
                        .replace("%7E", "~") + "&g0.tab=1";
                out.add(new NotifierAlert(a.labels(), a.annotations(), a.firedAtMs(), endsAt, link));
            }
            send(out);
        };
    }

    /** Sends everything queued now, on the calling thread (for shutdown and tests). */
    public void flush() {
        List<AlertmanagerSet> current;
        synchronized (this) {
            current = List.copyOf(sets);
        }
        for (AlertmanagerSet s : current) {
            for (SendLoop l : s.loops) {
                l.drain();
            }
        }
    }

    /** Counters per Alertmanager URL, named as Prometheus's metrics (without the _total suffix logic). */
    public record Metrics(String alertmanager, long sent, long errors, long dropped, int queueLength, int queueCapacity) {
    }

    /**
     * {@code prometheus_notifications_sent_total}, {@code _errors_total}, {@code _dropped_total},
     * {@code _queue_length} and {@code _queue_capacity}, labelled by alertmanager URL.
     */
    public synchronized List<Metrics> metrics() {
        List<Metrics> out = new ArrayList<>();
        for (AlertmanagerSet s : sets) {
            for (SendLoop l : s.loops) {
                out.add(l.metrics());
            }
        }
        return out;
    }

    /** Alertmanager URLs currently configured. */
    public synchronized List<String> alertmanagers() {
        List<String> out = new ArrayList<>();
        for (AlertmanagerSet s : sets) {
            for (SendLoop l : s.loops) {
                out.add(l.url);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (AlertmanagerSet s : sets) {
            s.stop();
        }
    }

    /** The v2 payload: annotations (when any), endsAt, startsAt, generatorURL (when set), labels. */
    static byte[] encode(List<NotifierAlert> alerts) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            g.writeStartArray();
            for (NotifierAlert a : alerts) {
                g.writeStartObject();
                if (!a.annotations().isEmpty()) {
                    g.writeObjectFieldStart("annotations");
                    writeLabels(g, a.annotations());
                    g.writeEndObject();
                }
                g.writeStringField("endsAt", MILLIS.format(Instant.ofEpochMilli(a.endsAtMs())));
                g.writeStringField("startsAt", MILLIS.format(Instant.ofEpochMilli(a.startsAtMs())));
                if (a.generatorUrl() != null && !a.generatorUrl().isEmpty()) {
                    g.writeStringField("generatorURL", a.generatorUrl());
                }
                g.writeObjectFieldStart("labels");
                writeLabels(g, a.labels());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private static void writeLabels(JsonGenerator g, Labels l) throws IOException {
        for (int i = 0; i < l.size(); i++) {
            g.writeStringField(l.name(i), l.value(i));
        }
    }

    private record AlertmanagerSet(AlertmanagerConfig config, List<SendLoop> loops) {
        void stop() {
            for (SendLoop l : loops) {
                l.stop();
            }
        }
    }

    /** One Alertmanager's queue and sender thread. */
    private final class SendLoop {
        final String url;
        private final long timeoutMs;
        private final ArrayDeque<NotifierAlert> queue = new ArrayDeque<>();
        private long sent;
        private long errors;
        private long dropped;
        private boolean stopped;
        private final Thread thread;
        private final Object sendLock = new Object();

        SendLoop(String url, long timeoutMs) {
            this.url = url;
            this.timeoutMs = timeoutMs;
            this.thread = new Thread(this::loop, "notifier " + url);
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void add(List<NotifierAlert> alerts) {
            if (stopped) {
                return;
            }
            int d = alerts.size() - queueCapacity;
            if (d > 0) {
                dropped += d;
                alerts = alerts.subList(d, alerts.size());
            }
            d = queue.size() + alerts.size() - queueCapacity;
            for (int i = 0; i < d; i++) {
                queue.pollFirst();
                dropped++;
            }
            queue.addAll(alerts);
            notifyAll();
        }

        private synchronized List<NotifierAlert> nextBatch() {
            List<NotifierAlert> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH_SIZE));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH_SIZE) {
                batch.add(queue.pollFirst());
            }
            return batch;
        }

        private void loop() {
            while (true) {
                synchronized (this) {
                    while (queue.isEmpty() && !stopped) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (stopped) {
                        return;
                    }
                }
                sendOneBatch();
            }
        }

        /** Sends until the queue is empty; checking under the send lock also waits out a batch in flight. */
        void drain() {
            while (true) {
                synchronized (sendLock) {
                    synchronized (this) {
                        if (queue.isEmpty()) {
                            return;
                        }
                    }
                }
                sendOneBatch();
            }
        }

        private void sendOneBatch() {
            synchronized (sendLock) {
                List<NotifierAlert> batch = nextBatch();
                if (batch.isEmpty()) {
                    return;
                }
                boolean ok = post(batch);
                synchronized (this) {
                    if (ok) {
                        sent += batch.size();
                    } else {
                        errors += batch.size();
                        dropped += batch.size();
                    }
                }
            }
        }

        private boolean post(List<NotifierAlert> batch) {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(timeoutMs))
                        .header("Content-Type", "application/json").header("User-Agent", "Narthex")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(encode(batch))).build();
                HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
                return resp.statusCode() / 100 == 2;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        synchronized Metrics metrics() {
            return new Metrics(url, sent, errors, dropped, queue.size(), queueCapacity);
        }

        void stop() {
            synchronized (this) {
                stopped = true;
                dropped += queue.size();
                queue.clear();
                notifyAll();
            }
            thread.interrupt();
        }
    }
}
