package dev.narthex.benchmarks;

import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.server.api.JsonOut;
import dev.narthex.server.api.PromNumbers;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering of sample values and range-query matrices as the JSON API writes them. Value shapes: {@code rate}
 * (rate()/increase() results, mostly 15-17 significant digits), {@code integer} (counters), {@code decimals}
 * (gauges with up to three decimals) and {@code mixed} (60/20/20 of those). Scores are per value
 * ({@code format}) and per {@code [ts,"value"]} point of a 36 series × 1,441 point matrix ({@code matrix}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JsonNumberBenchmark {
    private static final int VALUES = 4096;
    private static final int SERIES = 36;
    private static final int POINTS = 1441;

    @Param({"rate", "integer", "decimals", "mixed"})
    public String shape;

    private double[] values;
    private final char[] buf = new char[PromNumbers.MAX_CHARS];
    private Matrix matrix;

    @Setup
    public void setup() {
        Random r = new Random(42);
        values = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = value(r);
        }
        List<SeriesPoints> series = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            long[] ts = new long[POINTS];
            double[] vs = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                ts[i] = 1_700_000_000_000L + 60_000L * i;
                vs[i] = value(r);
            }
            series.add(new SeriesPoints(Labels.of("instance", "host-" + s + ":9100"), ts, vs));
        }
        matrix = new Matrix(series);
    }

    private double value(Random r) {
        String kind = shape;
        if (kind.equals("mixed")) {
            int p = r.nextInt(10);
            kind = p < 6 ? "rate" : p < 8 ? "integer" : "decimals";
        }
        return switch (kind) {
            // increase() over 1h of a counter sampled every 15 s: an integer delta times the extrapolation factor.
            case "rate" -> (r.nextInt(1_000_000) + 1) * (3600.0 / (3600 - r.nextInt(15_000) / 1000.0)) / (r.nextBoolean() ? 1 : 3600);
            case "integer" -> r.nextInt(1_000_000_000);
            case "decimals" -> Math.round((21 + r.nextGaussian() * 10) * 1000) / 1000.0;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int format() {
        int total = 0;
        for (double v : values) {
            total += PromNumbers.formatFloat(v, buf, 0);
        }
        return total;
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * POINTS)
    public long matrix() throws IOException {
        CountingSink sink = new CountingSink();
        try (JsonOut out = new JsonOut(sink)) {
            out.queryResult(matrix);
        }
        return sink.count;
    }

    /** Discards the bytes, counting them so the work cannot be optimised away. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
