package dev.narthex.benchmarks;

import dev.narthex.promql.functions.RangeKernel;
import dev.narthex.promql.functions.RangeWindow;
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
 * window), stepping 1m across a day: the per-series inner loop of a range query. Reports time per
 * window evaluation.
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
    private final RangeWindow window = new RangeWindow();
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
        window.param = 0.9;
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
        window.range(start, evalTs, evalTs);
        return kernel.hasOutput(ts, vs, from, to, window) ? kernel.apply(ts, vs, from, to, window) : Double.NaN;
    }
}
