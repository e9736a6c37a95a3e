package dev.narthex.benchmarks;

import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import dev.narthex.storage.encoding.TimestampCodec;
import dev.narthex.storage.encoding.ValueCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of one block column (timestamps, values) on scrape-shaped data: timestamps on a 15 s
 * grid with ±40 ms jitter; values either a 3-decimal gauge (a sine plus noise, like a temperature) or an
 * integer counter with random increments and one reset. Scores are per column; divide by {@code size}
 * for per-sample figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ColumnCodecBenchmark {
    @Param({"120", "720"})
    public int size;

    @Param({"gauge", "counter"})
    public String shape;

    private long[] ts;
    private double[] vs;
    private byte[] tsEncoded;
    private byte[] vsEncoded;
    private final ByteOutput out = new ByteOutput(1 << 16);
    private final ByteInput in = new ByteInput();
    private long[] tsOut;
    private double[] vsOut;

    @Setup
    public void setup() {
        Random r = new Random(42);
        ts = new long[size];
        vs = new double[size];
        double counter = 1000 + r.nextInt(100000);
        for (int i = 0; i < size; i++) {
            ts[i] = 1_700_000_000_644L + 15_000L * i + r.nextInt(81) - 40;
            if (shape.equals("gauge")) {
                double v = 21 + 3 * Math.sin(i / 40.0) + r.nextGaussian() * 0.15;
                vs[i] = Math.round(v * 1000) / 1000.0;
            } else {
                counter = i == size * 2 / 3 ? 0 : counter + r.nextInt(120);
                vs[i] = counter;
            }
        }
        out.reset();
        TimestampCodec.encode(ts, 0, size, out);
        tsEncoded = out.toByteArray();
        out.reset();
        ValueCodec.encode(vs, 0, size, out);
        vsEncoded = out.toByteArray();
        tsOut = new long[size];
        vsOut = new double[size];
    }

    @Benchmark
    public int encodeTimestamps() {
        out.reset();
        TimestampCodec.encode(ts, 0, size, out);
        return out.size();
    }

    @Benchmark
    public long decodeTimestamps() {
        in.reset(tsEncoded, 0, tsEncoded.length);
        TimestampCodec.decode(in, size, tsOut, 0);
        return tsOut[size - 1];
    }

    @Benchmark
    public int encodeValues() {
        out.reset();
        ValueCodec.encode(vs, 0, size, out);
        return out.size();
    }

    @Benchmark
    public double decodeValues() {
        in.reset(vsEncoded, 0, vsEncoded.length);
        ValueCodec.decode(in, size, vsOut, 0);
        return vsOut[size - 1];
    }
}
