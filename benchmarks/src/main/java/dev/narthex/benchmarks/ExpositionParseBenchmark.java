package dev.narthex.benchmarks;

import dev.narthex.scraper.parse.Entry;
import dev.narthex.scraper.parse.ExpositionParser;
import dev.narthex.scraper.parse.OpenMetricsParser;
import dev.narthex.scraper.parse.ParseException;
import dev.narthex.scraper.parse.PromTextParser;
import java.nio.charset.StandardCharsets;
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
 * Steady-path parse throughput of a scrape body: per sample the parser yields raw series bytes, value
 * and timestamp, as a scrape cache consumes them (no labels built). Scores are samples per second;
 * multiply by the bytes per sample printed at setup for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ExpositionParseBenchmark {
    static final int SAMPLES = 10_000;

    @Param({"text", "openmetrics"})
    public String format;

    private byte[] body;
    private ExpositionParser parser;

    @Setup
    public void setup() {
        boolean om = format.equals("openmetrics");
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < SAMPLES; k++) {
            if (k % 100 == 0) {
                sb.append("# HELP http_requests_").append(k / 100).append(" Requests served, by handler and code.\n");
                sb.append("# TYPE http_requests_").append(k / 100).append(om ? " counter\n" : " counter\n");
            }
            sb.append("http_requests_").append(k / 100)
                    .append("_total{job=\"api\",instance=\"api-").append(k % 10).append(":8080\",method=\"GET\",code=\"")
                    .append(200 + k % 5).append("\",path=\"/api/v1/items/{id}\"} ").append(k * 37 % 100_000)
                    .append(k % 3 == 0 ? ".25" : "");
            if (om) {
                sb.append(" 1700000000.").append(100 + k % 900);
            }
            sb.append('\n');
        }
        if (om) {
            sb.append("# EOF\n");
        }
        body = sb.toString().getBytes(StandardCharsets.UTF_8);
        parser = om ? new OpenMetricsParser() : new PromTextParser();
        System.out.printf("%n%s body: %d bytes, %d samples, %.1f bytes/sample%n", format, body.length, SAMPLES,
                (double) body.length / SAMPLES);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long parse() throws ParseException {
        ExpositionParser p = parser;
        p.reset(body, 0, body.length);
        long acc = 0;
        for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
            if (e == Entry.SERIES) {
                acc += p.seriesEnd() - p.seriesStart() + Double.doubleToRawLongBits(p.value()) + p.timestamp();
            }
        }
        return acc;
    }
}
