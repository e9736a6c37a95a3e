package dev.narthex.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricRegistryTest {
    @Test
    void textExposition() {
        MetricRegistry r = new MetricRegistry();
        Counter c = r.counter("requests_total", "Requests.", "code");
        c.labels("200").inc();
        c.labels("200").add(2);
        c.labels("500").inc();
        Gauge g = r.gauge("temperature", "Heat \\ and\nlight.");
        g.set(1e6);
        Histogram h = r.histogram("latency_seconds", "Latency.", new double[] {0.1, 1}, "handler");
        h.labels("/q").observe(0.05);
        h.labels("/q").observe(0.5);
        h.labels("/q").observe(5);
        Summary s = r.summary("eval_seconds", "Eval.", "slice");
        s.labels("inner_eval").observe(0.25);
        assertEquals("""
                # HELP requests_total Requests.
                # TYPE requests_total counter
                requests_total{code="200"} 3
                requests_total{code="500"} 1
                # HELP temperature Heat \\\\ and\\nlight.
                # TYPE temperature gauge
                temperature 1e+06
                # HELP latency_seconds Latency.
                # TYPE latency_seconds histogram
                latency_seconds_bucket{handler="/q",le="0.1"} 1
                latency_seconds_bucket{handler="/q",le="1"} 2
                latency_seconds_bucket{handler="/q",le="+Inf"} 3
                latency_seconds_sum{handler="/q"} 5.55
                latency_seconds_count{handler="/q"} 3
                # HELP eval_seconds Eval.
                # TYPE eval_seconds summary
                eval_seconds_sum{slice="inner_eval"} 0.25
                eval_seconds_count{slice="inner_eval"} 1
                """, r.scrape());
    }

    @Test
    void labelValuesAreEscapedAndCounted() {
        MetricRegistry r = new MetricRegistry();
        Counter c = r.counter("x_total", "X.", "path");
        c.labels("a\"b\\c\nd").inc();
        assertEquals("# HELP x_total X.\n# TYPE x_total counter\nx_total{path=\"a\\\"b\\\\c\\nd\"} 1\n", r.scrape());
        assertThrows(IllegalArgumentException.class, () -> c.labels("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> c.labels("a").add(-1));
    }

    @Test
    void processMetricsAreExposed() {
        MetricRegistry r = new MetricRegistry();
        ProcessMetrics.register(r);
        String text = r.scrape();
        for (String name : new String[] {"process_cpu_seconds_total", "process_resident_memory_bytes",
                "process_start_time_seconds", "jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current"}) {
            assertEquals(true, text.contains("\n" + name + " ") || text.contains("\n" + name), name + " in\n" + text);
        }
    }
}
