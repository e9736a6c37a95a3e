package dev.narthex.engine;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.series.SeriesNotation;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Querier;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Narthex as a library: a TSDB (in memory or in a directory, with its WAL) and the PromQL engine over it,
 * no server needed.
 *
 * <pre>{@code
 * try (Narthex db = Narthex.inMemory()) {
 *     db.load("""
 *             http_requests_total{job="api"} 0+10x10
 *             http_requests_total{job="web"} 0+5x10
 *             """, Duration.ofMinutes(1));
 *     Vector v = db.query("sum(rate(http_requests_total[5m]))", Instant.ofEpochSecond(600)).vector();
 * }
 * }</pre>
 *
 * Thread-safe as its storage and engine are: appenders are per thread, queries may run concurrently.
 */
public final class Narthex implements AutoCloseable {
    private final Tsdb tsdb;
    private final PromqlEngine engine;

    /** A query's value with typed access; {@link #raw()} keeps the warnings and sample counts. */
    public record Result(QueryResult raw) {
        public Value value() {
            return raw.value();
        }

        /** The instant vector; throws when the expression had another type. */
        public Vector vector() {
            return as(Vector.class);
        }

        /** The range vector or a range query's matrix. */
        public Matrix matrix() {
            return as(Matrix.class);
        }

        public Scalar scalar() {
            return as(Scalar.class);
        }

        private <T extends Value> T as(Class<T> type) {
            if (!type.isInstance(raw.value())) {
                throw new IllegalStateException("query result is " + raw.value().type().apiName() + ", not " + type.getSimpleName());
            }
            return type.cast(raw.value());
        }
    }

    private Narthex(Tsdb tsdb, EngineOptions engineOptions) {
        this.tsdb = tsdb;
        this.engine = new PromqlEngine(engineOptions);
    }

    /** A database that lives in memory only, with Prometheus's default query settings. */
    public static Narthex inMemory() {
        return new Narthex(Tsdb.inMemory(), EngineOptions.DEFAULTS);
    }

    /** Opens (or creates) a database in {@code dir}, replaying its WAL. */
    public static Narthex open(Path dir) {
        return open(dir, TsdbOptions.defaults(), EngineOptions.DEFAULTS);
    }

    public static Narthex open(Path dir, TsdbOptions storageOptions, EngineOptions engineOptions) {
        return new Narthex(Tsdb.open(dir, storageOptions), engineOptions);
    }

    /** A new appender; commit it to make its samples visible. Use one per thread. */
    public Appender appender() {
        return tsdb.appender();
    }

    /** Appends and commits one sample ({@code t} in ms since the epoch). */
    public void append(Labels labels, long t, double v) {
        Appender app = tsdb.appender();
        try {
            app.append(0, labels, t, v);
            app.commit();
        } catch (RuntimeException e) {
            app.rollback();
            throw e;
        }
    }

    /**
     * Loads series in the PromQL test scripts' {@code load} notation, one per line: the i-th value of each
     * line lands at {@code i * step} ms after the epoch; {@code _} leaves a slot empty. Blank lines and
     * {@code #} comments are skipped. All lines commit together or not at all.
     */
    public void load(String seriesNotationBlock, Duration step) {
        long stepMs = step.toMillis();
        Appender app = tsdb.appender();
        try {
            for (String line : seriesNotationBlock.split("\n")) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                SeriesNotation.Series series = SeriesNotation.parse(s);
                long ref = 0;
                for (int i = 0; i < series.size(); i++) {
                    if (series.present()[i]) {
                        ref = app.append(ref, series.labels(), i * stepMs, series.values()[i]);
                    }
                }
            }
            app.commit();
        } catch (RuntimeException e) {
            app.rollback();
            throw e;
        }
    }

    /** Evaluates {@code expr} at {@code t}; PromQL errors throw {@code PromqlException} with Prometheus's text. */
    public Result query(String expr, Instant t) {
        return new Result(engine.instantQuery(tsdb, expr, t.toEpochMilli(), QueryOptions.NONE));
    }

    /** Evaluates {@code expr} at {@code start, start + step, ..., end}; the result is a {@link Matrix}. */
    public Result queryRange(String expr, Instant start, Instant end, Duration step) {
        return new Result(engine.rangeQuery(tsdb, expr, start.toEpochMilli(), end.toEpochMilli(), step.toMillis(), QueryOptions.NONE));
    }

    /** Raw access to stored series between two times (inclusive); close the querier after use. */
    public Querier querier(Instant mint, Instant maxt) {
        return tsdb.querier(mint.toEpochMilli(), maxt.toEpochMilli());
    }

    /** The storage, for wiring a {@code RuleManager} or a scraper. */
    public Tsdb storage() {
        return tsdb;
    }

    public PromqlEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        tsdb.close();
    }
}
