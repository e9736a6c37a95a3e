package dev.narthex.benchmarks;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending into an in-memory {@link Tsdb} head; scores are nanoseconds per appended sample.
 * {@code manySeries}: 1M new series with one sample each (series creation, symbols, postings).
 * {@code scrapeLoop}: 10k series x 120 samples, one commit per round, refs cached as a scrape loop does.
 * {@code scrapeLoopWithExemplars}: the same with an exemplar on every sample, into a ring of Prometheus's
 * default 100k exemplars (so it wraps ten times per round); the score is per sample-with-exemplar.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class HeadAppendBenchmark {
    private static final int MANY = 1_000_000;
    private static final int SCRAPE_SERIES = 10_000;
    private static final int ROUNDS = 120;

    private Labels[] manyLabels;
    private Labels[] scrapeLabels;
    private Labels[] traceLabels;
    private Tsdb db;

    @Setup(Level.Trial)
    public void labels() {
        manyLabels = new Labels[MANY];
        for (int i = 0; i < MANY; i++) {
            manyLabels[i] = Labels.of("__name__", "metric_" + (i % 1000), "instance", "host-" + (i / 1000), "job", "bench");
        }
        scrapeLabels = new Labels[SCRAPE_SERIES];
        for (int i = 0; i < SCRAPE_SERIES; i++) {
            scrapeLabels[i] = Labels.of("__name__", "metric_" + (i % 100), "instance", "host-" + (i / 100), "job", "bench");
        }
        traceLabels = new Labels[SCRAPE_SERIES];
        for (int i = 0; i < SCRAPE_SERIES; i++) {
            traceLabels[i] = Labels.of("trace_id", String.format("%032x", i * 0x9E3779B97F4A7C15L));
        }
    }

    @Setup(Level.Invocation)
    public void freshDb() {
        db = Tsdb.inMemory(TsdbOptions.defaults().withMaxExemplars(100_000));
    }

    @TearDown(Level.Invocation)
    public void close() {
        db.close();
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public long manySeries() {
        Appender app = db.appender();
        for (int i = 0; i < MANY; i++) {
            app.append(0, manyLabels[i], 1_700_000_000_000L, i);
        }
        app.commit();
        return db.head().stats().series();
    }

    @Benchmark
    @OperationsPerInvocation(SCRAPE_SERIES * ROUNDS)
    public long scrapeLoop() {
        long[] refs = new long[SCRAPE_SERIES];
        long t = 1_700_000_000_000L;
        for (int round = 0; round < ROUNDS; round++, t += 15_000) {
            Appender app = db.appender();
            for (int i = 0; i < SCRAPE_SERIES; i++) {
                refs[i] = app.append(refs[i], scrapeLabels[i], t, round * 0.5 + i);
            }
            app.commit();
        }
        return db.head().stats().samplesAppended();
    }

    @Benchmark
    @OperationsPerInvocation(SCRAPE_SERIES * ROUNDS)
    public long scrapeLoopWithExemplars() {
        long[] refs = new long[SCRAPE_SERIES];
        long t = 1_700_000_000_000L;
        for (int round = 0; round < ROUNDS; round++, t += 15_000) {
            Appender app = db.appender();
            for (int i = 0; i < SCRAPE_SERIES; i++) {
                refs[i] = app.append(refs[i], scrapeLabels[i], t, round * 0.5 + i);
                app.appendExemplar(refs[i], scrapeLabels[i], traceLabels[i], round * 0.5, t, true);
            }
            app.commit();
        }
        return db.exemplars().appendedTotal();
    }
}
