package dev.narthex.server;

import dev.narthex.promql.ast.Prettifier;
import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.server.api.QueryService;
import dev.narthex.server.api.TsdbAdmin;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.server.config.PrometheusConfig;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.ExemplarQueryable;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbMetrics;
import dev.narthex.storage.tsdb.TsdbOptions;
import dev.narthex.storage.tsdb.TsdbStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production backend: the database of {@code --storage.tsdb.path} (head, WAL and blocks, maintained in
 * the background) and the PromQL engine configured by the query flags. The engine is rebuilt when a reload
 * changes {@code evaluation_interval} (the default step of subqueries). Thread-safe.
 */
final class EngineBackend implements Backend, QueryService, TsdbAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBackend.class);
    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Tsdb db;
    private final ServerFlags flags;
    private volatile PromqlEngine engine;

    private EngineBackend(Tsdb db, ServerFlags flags, long evaluationIntervalMs) {
        this.db = db;
        this.flags = flags;
        this.engine = newEngine(evaluationIntervalMs);
    }

    /** Opens storage and follows the configuration's evaluation interval across reloads. */
    static EngineBackend open(ServerFlags flags, ConfigHolder config) {
        EngineBackend backend = open(flags, config.current());
        config.addListener(backend::apply);
        return backend;
    }

    /** A backend over an already open database (which it closes), e.g. the warm-up's in-memory one. */
    static EngineBackend over(Tsdb db, ServerFlags flags, long evaluationIntervalMs) {
        return new EngineBackend(db, flags, evaluationIntervalMs);
    }

    static EngineBackend open(ServerFlags flags, PrometheusConfig config) {
        Path dir = Path.of(flags.storagePath());
        // Size-only retention: no time limit.
        long retentionMs = flags.retentionTimeMs() == 0 ? Long.MAX_VALUE / 4 : flags.retentionTimeMs();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withRetention(Duration.ofMillis(retentionMs))
                .withRetentionBytes(flags.retentionSizeBytes())
                .withMaxExemplars(flags.exemplarStorage() ? config.maxExemplars() : 0));
        return new EngineBackend(db, flags, config.global().evaluationIntervalMs());
    }

    private PromqlEngine newEngine(long evaluationIntervalMs) {
        return new PromqlEngine(new EngineOptions(Duration.ofMillis(flags.lookbackDeltaMs()), flags.maxSamples(),
                Duration.ofMillis(flags.queryTimeoutMs()), Duration.ofMillis(evaluationIntervalMs)));
    }

    /** A reload resizes the exemplar storage as Prometheus's does (only with the exemplar-storage feature). */
    private void apply(PrometheusConfig config) {
        engine = newEngine(config.global().evaluationIntervalMs());
        if (flags.exemplarStorage()) {
            long from = db.exemplars().capacity();
            long to = Math.max(0, config.maxExemplars());
            if (from != to) {
                int migrated = db.exemplars().resize(to);
                LOG.atInfo().addKeyValue("from", from).addKeyValue("to", to).addKeyValue("migrated", migrated)
                        .log("Exemplar storage resized");
            }
        }
    }

    @Override
    public Queryable queryable() {
        return db;
    }

    @Override
    public Appendable appendable() {
        return db;
    }

    @Override
    public QueryService queries() {
        return this;
    }

    @Override
    public ExemplarQueryable exemplars() {
        return db.exemplars();
    }

    @Override
    public TsdbAdmin admin() {
        return this;
    }

    @Override
    public TsdbMetrics metrics() {
        return db.metrics();
    }

    @Override
    public void deleteSeries(List<Matcher> matchers, long mint, long maxt) {
        db.delete(matchers, mint, maxt);
    }

    @Override
    public void cleanTombstones() {
        db.cleanTombstones();
    }

    /** Names the directory as Prometheus does (UTC time, 63 random bits in 16 hex digits), with its error texts. */
    @Override
    public String snapshot(boolean skipHead) {
        String name = SNAPSHOT_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format("%016x", ThreadLocalRandom.current().nextLong() >>> 1);
        Path dir = db.directory().resolve("snapshots").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("create snapshot directory: " + e.getMessage(), e);
        }
        try {
            db.snapshot(dir, !skipHead);
        } catch (RuntimeException e) {
            throw new IllegalStateException("create snapshot: " + e.getMessage(), e);
        }
        return name;
    }

    @Override
    public TsdbStats stats(int limit) {
        return db.stats(limit);
    }

    @Override
    public QueryResult instantQuery(String expr, long timeMs, QueryOptions options) {
        return engine.instantQuery(db, expr, timeMs, options);
    }

    @Override
    public QueryResult rangeQuery(String expr, long startMs, long endMs, long stepMs, QueryOptions options) {
        return engine.rangeQuery(db, expr, startMs, endMs, stepMs, options);
    }

    @Override
    public String formatQuery(String expr) {
        return Prettifier.format(PromqlParser.parseExpr(expr));
    }

    @Override
    public List<Matcher> parseMetricSelector(String selector) {
        return PromqlParser.parseMetricSelector(selector);
    }

    @Override
    public void close() {
        db.close();
    }
}
