package dev.narthex.benchmarks;

import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.SeriesPoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs each heavy query once cold and {@code runs} times timed over a block data directory, prints the
 * median per query and their sum. With a third argument, writes every result as lines
 * {@code query \t labels \t t=v ...} for comparison with another engine's answers.
 *
 * <p>On a shared machine wall time depends on the load; the median process CPU time per run (all
 * threads, GC included) is printed beside it, with its mean: the process CPU clock ticks in 10 ms steps on
 * Linux, which the mean over many runs smooths out.
 *
 * <p>Usage: {@code HeavyQueryMain <data dir> [runs] [results file or -] [query numbers, e.g. 1,4]}
 */
public final class HeavyQueryMain {
    private HeavyQueryMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        HeavyQueries hq = new HeavyQueries(dir);
        PrintWriter dump = args.length > 2 && !args[2].equals("-") ? new PrintWriter(Files.newBufferedWriter(Path.of(args[2]))) : null;
        System.out.printf("range %d..%d step %d ms%n", hq.startMs, hq.endMs, HeavyQueries.STEP_MS);
        String only = args.length > 3 ? "," + args[3] + "," : null;
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double sum = 0;
        double cpuSum = 0;
        double cpuMeanSum = 0;
        for (int q = 0; q < HeavyQueries.QUERIES.size(); q++) {
            if (only != null && !only.contains("," + (q + 1) + ",")) {
                continue;
            }
            String query = HeavyQueries.QUERIES.get(q);
            long t0 = System.nanoTime();
            QueryResult cold = hq.run(query);
            double coldMs = (System.nanoTime() - t0) / 1e6;
            double[] times = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                long c = os.getProcessCpuTime();
                long s = System.nanoTime();
                hq.run(query);
                times[i] = (System.nanoTime() - s) / 1e6;
                cpu[i] = (os.getProcessCpuTime() - c) / 1e6;
            }
            double median = median(times);
            double cpuMedian = median(cpu);
            double cpuMean = Arrays.stream(cpu).average().orElse(0);
            sum += median;
            cpuSum += cpuMedian;
            cpuMeanSum += cpuMean;
            Matrix m = (Matrix) cold.value();
            System.out.printf("q%-2d %8.1f ms median %8.1f ms cpu %8.1f ms cpu mean %8.1f ms cold %5d series  %s%n", q + 1, median,
                cpuMedian, cpuMean, coldMs, m.series().size(), query);
            if (dump != null) {
                write(dump, query, m);
            }
        }
        System.out.printf("sum of medians %.1f ms, of cpu medians %.1f ms, of cpu means %.1f ms%n", sum, cpuSum, cpuMeanSum);
        if (dump != null) {
            dump.close();
        }
        hq.close();
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void write(PrintWriter out, String query, Matrix m) {
        for (SeriesPoints s : m.series()) {
            StringBuilder b = new StringBuilder(query).append('\t').append(s.labels()).append('\t');
            for (int i = 0; i < s.size(); i++) {
                b.append(s.timestamps()[i]).append('=').append(s.values()[i]).append(' ');
            }
            out.println(b);
        }
    }
}
