package dev.narthex.benchmarks;

import dev.narthex.promql.functions.RangeFunctions;
import dev.narthex.promql.functions.RangeKernel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One range-vector function over a sliding 1h window of a 15s-scrape counter (240 samples per
 * window), stepping 1m across a day: the kernel call of a range query's per-series inner loop, as the
 * evaluator makes it ({@link RangeKernel#evaluate}, with the series' counter-reset prefix counts).
 * Reports time per window evaluation; {@link RangeQueryBenchmark} measures whole queries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RangeKernelBenchmark {
    private static final long SCRAPE_MS = 15_000;
    private static final long RANGE_MS = 3_600_000;
    private static final long STEP_MS = 60_000;

    @Param({"rate", "avg_over_time", "quantile_over_time", "deriv"})
    public String function;

    private long[] ts;
    private double[] vs;
    private RangeKernel kernel;
    private int[] resets;
    private double[] scratch;
    private final double[] out = new double[1];
    private long evalTs;
    private int from;
    private int to;

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
        resets = new int[n];
        RangeFunctions.resetCounts(vs, ts, null, n, resets);
        scratch = new double[n];
        evalTs = RANGE_MS;
    }

    @Benchmark
    public double slideOneStep() {
        evalTs += STEP_MS;
        if (evalTs > ts[ts.length - 1]) {
            evalTs = RANGE_MS + STEP_MS;
            from = 0;
            to = 0;
        }
        long start = evalTs - RANGE_MS;
        while (from < ts.length && ts[from] <= start) {
            from++;
        }
        while (to < ts.length && ts[to] <= evalTs) {
            to++;
        }
        return kernel.evaluate(ts, vs, null, from, to, start, evalTs, evalTs, 0.9, 0, resets, scratch, out, 0) ? out[0]
            : Double.NaN;
    }
}
