package dev.narthex.benchmarks;

import dev.narthex.promql.functions.RangeKernel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One range-vector function over a sliding 1h window of a 15s-scrape counter (240 samples per
 * window), stepping 1m across a day: the kernel call the evaluator makes per series
 * ({@link RangeKernel#evaluate} over every step's window, with the series' prefix counts where the
 * function takes them), without reading or selecting anything. Reports time per window;
 * {@link RangeQueryBenchmark} measures whole queries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RangeKernelBenchmark {
    private static final long SCRAPE_MS = 15_000;
    private static final long RANGE_MS = 3_600_000;
    private static final long STEP_MS = 60_000;
    private static final int STEPS = 1440;

    @Param({"rate", "changes", "avg_over_time", "quantile_over_time", "deriv"})
    public String function;

    private long[] ts;
    private double[] vs;
    private RangeKernel kernel;
    private final long[] windowEnd = new long[STEPS];
    private final int[] lo = new int[STEPS];
    private final int[] hi = new int[STEPS];
    private final double[] phi = new double[STEPS];
    private int[] counts;
    private double[] scratch;
    private final double[] out = new double[STEPS];
    private final boolean[] present = new boolean[STEPS];

    @Setup
    public void setup() {
        int n = (int) (86_400_000 / SCRAPE_MS) + (int) (RANGE_MS / SCRAPE_MS);
        ts = new long[n];
        vs = new double[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            ts[i] = i * SCRAPE_MS;
            v += (i * 7919) % 13;
            vs[i] = (i % 5000 == 4999) ? 0 : v;
        }
        kernel = RangeKernel.forName(function);
        if (kernel.usesPrefixCounts()) {
            counts = new int[n];
            kernel.prefixCounts(vs, ts, null, n, counts);
        }
        scratch = new double[n];
        int from = 0;
        int to = 0;
        for (int i = 0; i < STEPS; i++) {
            windowEnd[i] = RANGE_MS + (i + 1) * STEP_MS;
            while (from < n && ts[from] <= windowEnd[i] - RANGE_MS) {
                from++;
            }
            while (to < n && ts[to] <= windowEnd[i]) {
                to++;
            }
            lo[i] = from;
            hi[i] = to;
            phi[i] = 0.9;
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double[] oneSeries() {
        kernel.evaluate(ts, vs, null, lo, hi, windowEnd, RANGE_MS, windowEnd, phi, phi, counts, scratch, out, present);
        return out;
    }
}
