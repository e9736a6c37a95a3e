package dev.narthex.server;

import dev.narthex.promql.ast.Prettifier;
import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.server.api.QueryService;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.server.config.PrometheusConfig;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.block.BlockStore;
import dev.narthex.storage.block.MergeQuerier;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The production backend: the immutable blocks and the head (with its WAL) of {@code --storage.tsdb.path},
 * read together, and the PromQL engine configured by the query flags. The engine is rebuilt when a reload
 * changes {@code evaluation_interval} (the default step of subqueries). Thread-safe.
 */
final class EngineBackend implements Backend, QueryService {
    private final Tsdb head;
    private final BlockStore blocks;
    private final ServerFlags flags;
    private final Queryable all;
    private volatile PromqlEngine engine;

    private EngineBackend(Tsdb head, BlockStore blocks, ServerFlags flags, long evaluationIntervalMs) {
        this.head = head;
        this.blocks = blocks;
        this.flags = flags;
        this.all = (mint, maxt) -> new MergeQuerier(List.of(blocks.querier(mint, maxt), head.querier(mint, maxt)));
        this.engine = newEngine(evaluationIntervalMs);
    }

    /** Opens storage and follows the configuration's evaluation interval across reloads. */
    static EngineBackend open(ServerFlags flags, ConfigHolder config) {
        EngineBackend backend = open(flags, config.current());
        config.addListener(backend::apply);
        return backend;
    }

    static EngineBackend open(ServerFlags flags, PrometheusConfig config) {
        Path dir = Path.of(flags.storagePath());
        // Size-only retention: no time limit.
        long retentionMs = flags.retentionTimeMs() == 0 ? Long.MAX_VALUE / 4 : flags.retentionTimeMs();
        Tsdb head = Tsdb.open(dir, TsdbOptions.defaults().withRetention(Duration.ofMillis(retentionMs))
                .withRetentionBytes(flags.retentionSizeBytes()));
        BlockStore blocks;
        try {
            BlockStore.Options defaults = BlockStore.Options.defaults();
            blocks = BlockStore.open(dir, new BlockStore.Options(flags.retentionTimeMs(), flags.retentionSizeBytes(),
                    defaults.frameCacheBytes()));
        } catch (RuntimeException e) {
            head.close();
            throw e;
        }
        return new EngineBackend(head, blocks, flags, config.global().evaluationIntervalMs());
    }

    private PromqlEngine newEngine(long evaluationIntervalMs) {
        return new PromqlEngine(new EngineOptions(Duration.ofMillis(flags.lookbackDeltaMs()), flags.maxSamples(),
                Duration.ofMillis(flags.queryTimeoutMs()), Duration.ofMillis(evaluationIntervalMs)));
    }

    private void apply(PrometheusConfig config) {
        engine = newEngine(config.global().evaluationIntervalMs());
    }

    @Override
    public Queryable queryable() {
        return all;
    }

    @Override
    public Appendable appendable() {
        return head;
    }

    @Override
    public QueryService queries() {
        return this;
    }

    @Override
    public QueryResult instantQuery(String expr, long timeMs, QueryOptions options) {
        return engine.instantQuery(all, expr, timeMs, options);
    }

    @Override
    public QueryResult rangeQuery(String expr, long startMs, long endMs, long stepMs, QueryOptions options) {
        return engine.rangeQuery(all, expr, startMs, endMs, stepMs, options);
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
        try {
            blocks.close();
        } finally {
            head.close();
        }
    }
}
