package dev.narthex.scraper.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenMetricsParserTest {

    @Test
    void parsesMetadataSeriesExemplarsAndEof() throws Exception {
        OpenMetricsParser p = ParserInput.openMetrics("""
                # HELP rpc_seconds RPC \\"latency\\" \\\\ in\\nseconds
                # TYPE rpc_seconds histogram
                # UNIT rpc_seconds seconds
                rpc_seconds_bucket{le="1"} 3 1700000000.250 # {trace_id="abc"} 0.5 1700000000.1
                rpc_seconds_count 3
                rpc_seconds_created 1699999999.5
                {"my.metric","http.code"="200"} NaN 12
                s{a="x\\\\y\\"z\\nw",b="\\t"} +Inf
                s -Inf 1.5e3
                # TYPE st stateset
                st{st="a"} 1
                # TYPE i info
                i_info{v="1"} 1
                # TYPE g gaugehistogram
                g_gcount 2
                # EOF
                """);
        assertEquals(Entry.HELP, p.next());
        assertEquals("rpc_seconds", p.metricName());
        assertEquals("RPC \"latency\" \\ in\nseconds", p.help());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.HISTOGRAM, p.type());
        assertEquals(Entry.UNIT, p.next());
        assertEquals("seconds", p.unit());

        assertEquals(Entry.SERIES, p.next());
        assertEquals(4, p.line());
        assertEquals("rpc_seconds_bucket{le=\"1\"}", raw(p));
        assertEquals(3.0, p.value());
        assertTrue(p.hasTimestamp());
        assertEquals(1700000000250L, p.timestamp());
        // Classic histogram bucket bounds get the OpenMetrics float spelling, as in Prometheus 3.
        assertEquals(Labels.of("__name__", "rpc_seconds_bucket", "le", "1.0"), p.labels());
        assertTrue(p.hasExemplar());
        Exemplar ex = p.exemplar();
        assertEquals(Labels.of("trace_id", "abc"), ex.labels());
        assertEquals(0.5, ex.value());
        assertTrue(ex.hasTimestamp());
        assertEquals(1700000000100L, ex.timestamp());

        assertEquals(Entry.SERIES, p.next());
        assertFalse(p.hasTimestamp());
        assertFalse(p.hasExemplar());
        assertEquals(Entry.SERIES, p.next());
        assertEquals("rpc_seconds_created", p.metricName());
        assertEquals(1699999999.5, p.value());

        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "my.metric", "http.code", "200"), p.labels());
        assertEquals(0x7ff8000000000001L, Double.doubleToRawLongBits(p.value()));
        assertEquals(12000L, p.timestamp());

        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "s", "a", "x\\y\"z\nw", "b", "\\t"), p.labels());
        assertEquals(Double.POSITIVE_INFINITY, p.value());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Double.NEGATIVE_INFINITY, p.value());
        assertEquals(1500000L, p.timestamp());

        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.STATESET, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.INFO, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.GAUGE_HISTOGRAM, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Entry.EOF, p.next());
        assertEquals(Entry.EOF, p.next());
    }

    @Test
    void timestampsConvertLikePrometheusWithTruncation() throws Exception {
        // 1.001 * 1000 is 1000.9999999999999 in binary floating point; Prometheus truncates it to 1000.
        OpenMetricsParser p = ParserInput.openMetrics("a 1 1.001\na 1 1700000000.644\n# EOF\n");
        p.next();
        assertEquals(1000L, p.timestamp());
        p.next();
        assertEquals((long) (1700000000.644 * 1000), p.timestamp());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                                   | 1 | data does not end with # EOF
            'metric 1\\n'                        | 2 | data does not end with # EOF
            '\\n'                                | 1 | expected a valid start token, got "\\n" ("INVALID") while parsing: "\\n"
            'ok 1\\n9\\n# EOF\\n'                | 2 | expected a valid start token, got "9" ("INVALID") while parsing: "9"
            '#  TYPE c counter\\n'               | 1 | expected a valid start token, got "#  " ("INVALID") while parsing: "#  "
            '# TYPE u untyped\\n# EOF\\n'        | 1 | invalid metric type "untyped"
            '# TYPE m\\n# EOF\\n'                | 1 | expected text in TYPE
            '# UNIT m_bytes seconds\\n# EOF\\n'  | 1 | unit "seconds" not a suffix of metric "m_bytes"
            'a\\t1\\n# EOF\\n'                   | 1 | expected value after metric, got "\\t" ("INVALID") while parsing: "a\\t"
            'a 1 2 3\\n# EOF\\n'                 | 1 | expected next entry after timestamp, got " 3\\n" ("TIMESTAMP") while parsing: "a 1 2 3\\n"
            'a 1 1z\\n# EOF\\n'                  | 1 | strconv.ParseFloat: parsing "1z": invalid syntax while parsing: "a 1 1z"
            'a 1_0\\n# EOF\\n'                   | 1 | unsupported character in float while parsing: "a 1_0"
            'a 1e400\\n# EOF\\n'                 | 1 | strconv.ParseFloat: parsing "1e400": value out of range while parsing: "a 1e400"
            'a 1 NaN\\n# EOF\\n'                 | 1 | invalid timestamp NaN
            'a 1 +Inf\\n# EOF\\n'                | 1 | invalid timestamp +Inf
            'a{b=''c''} 1\\n# EOF\\n'            | 1 | expected label value, got "''" ("INVALID") while parsing: "a{b=''"
            'a{b="c"d="e"} 1\\n# EOF\\n'         | 1 | expected comma or brace close, got "d=" ("LNAME") while parsing: "a{b=\\"c\\"d="
            'a{,b="c"} 1\\n# EOF\\n'             | 1 | expected label name, got ",b" ("COMMA") while parsing: "a{,b"
            'x 1\\n{A}0\\n# EOF\\n'              | 2 | expected equal, got "}0" ("BCLOSE") while parsing: "{A}0"
            'a{b="c\\nd"} 1\\n# EOF\\n'          | 1 | expected label value, got "\\"c\\n" ("INVALID") while parsing: "a{b=\\"c\\n"
            '{b="c"} 1\\n# EOF\\n'               | 1 | metric name not set while parsing: "{b=\\"c\\"} 1"
            '{"a","b"} 1\\n# EOF\\n'             | 1 | metric name already set while parsing: "{\\"a\\",\\"b\\"}"
            'm 1 # {a="b"}\\n# EOF\\n'           | 1 | expected value after exemplar labels, got "\\n" ("INVALID") while parsing: "m 1 # {a=\\"b\\"}\\n"
            'm 1 # {a="b"} 1 2 3\\n# EOF\\n'     | 1 | expected next entry after exemplar timestamp, got " 3\\n" ("TIMESTAMP") while parsing: "m 1 # {a=\\"b\\"} 1 2 3\\n"
            '# EOF\\na 1\\n'                     | 1 | unexpected data after # EOF
            """)
    void badInputFailsWithPrometheusTextAndLine(String input, int line, String reason) {
        OpenMetricsParser p = ParserInput.openMetrics(input.replace("\\n", "\n").replace("\\t", "\t"));
        ParseException e = assertThrows(ParseException.class, () -> {
            while (p.next() != Entry.EOF) {
                // drain
            }
        });
        assertEquals(reason.replace("''", "'"), e.reason());
        assertEquals(line, e.line());
        assertEquals("line " + line + ": " + e.reason(), e.getMessage());
    }

    @Test
    void invalidUtf8InLabelValueIsRefused() {
        byte[] b = "a{b=\"\u00ff\"} 1\n# EOF\n".getBytes(StandardCharsets.ISO_8859_1);
        OpenMetricsParser p = new OpenMetricsParser();
        p.reset(b, 0, b.length);
        ParseException e = assertThrows(ParseException.class, p::next);
        assertEquals("invalid UTF-8 label value: \"\\\"\\xff\\\"\"", e.reason());
    }

    @Test
    void chunkedInputKeepsLinesAndMetadata() throws Exception {
        byte[] one = "# TYPE h histogram\nh_bucket{le=\"2\"} 1 1\n".getBytes(StandardCharsets.UTF_8);
        byte[] two = "h_bucket{le=\"+Inf\"} 1 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
        OpenMetricsParser p = new OpenMetricsParser();
        p.startChunked(one, 0, one.length, false);
        assertEquals(Entry.TYPE, p.next());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Entry.END_OF_CHUNK, p.next());
        p.continueWith(two, 0, two.length, true);
        assertEquals(Entry.SERIES, p.next());
        assertEquals(3, p.line());
        assertEquals("2.0", parserLabelsOf(one, "h_bucket{le=\"2\"} 1 1\n# EOF\n").get("le"));
        assertEquals(Entry.EOF, p.next());
    }

    private static Labels parserLabelsOf(byte[] typeLine, String series) throws ParseException {
        OpenMetricsParser p = ParserInput.openMetrics("# TYPE h histogram\n" + series);
        p.next();
        p.next();
        return p.labels();
    }

    @Test
    void bigInputParsesEverySample() throws Exception {
        StringBuilder sb = new StringBuilder("# TYPE big counter\n");
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            sb.append("big_total{shard=\"").append(k % 97).append("\",path=\"/a\\\\b\"} ")
                    .append(k).append('.').append(k % 1000).append(' ').append(1_700_000_000 + k).append(".5\n");
        }
        sb.append("# EOF\n");
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        OpenMetricsParser p = new OpenMetricsParser();
        p.reset(b, 0, b.length);
        assertEquals(Entry.TYPE, p.next());
        double sum = 0;
        int count = 0;
        long lastTs = 0;
        while (p.next() == Entry.SERIES) {
            sum += p.value();
            lastTs = p.timestamp();
            count++;
        }
        double expected = 0;
        for (int k = 0; k < n; k++) {
            expected += Double.parseDouble(k + "." + (k % 1000));
        }
        assertEquals(n, count);
        assertEquals(expected, sum, 1e-3);
        assertEquals((1_700_000_000L + n - 1) * 1000 + 500, lastTs);
    }

    @Test
    void repeatedSeriesLinesKeepTheirLabelsAndErrors() throws Exception {
        OpenMetricsParser p = ParserInput.openMetrics("a{x=\"1\",y=\"\\\"\"} 1 1\na{x=\"1\",y=\"\\\"\"} 2 2 # {t=\"u\"} 3\n"
                + "a{x=\"1\",y=\"\\\"\"} 3 3\na{x=\"1\",y=\"\\\"\"}} 4 4\n# EOF\n");
        Labels expected = Labels.of("__name__", "a", "x", "1", "y", "\"");
        for (int k = 1; k <= 3; k++) {
            assertEquals(Entry.SERIES, p.next());
            assertEquals(expected, p.labels());
            assertEquals(k, p.value());
            assertEquals(k * 1000L, p.timestamp());
            assertEquals(k, p.line());
            assertEquals(k == 2, p.hasExemplar());
        }
        ParseException e = assertThrows(ParseException.class, p::next);
        assertEquals(4, e.line());
        assertEquals("expected value after metric, got \"}\" (\"INVALID\") while parsing: \"a{x=\\\"1\\\",y=\\\"\\\\\\\"\\\"}}\"",
                e.reason());
    }

    private static String raw(ExpositionParser p) {
        return new String(Arrays.copyOfRange(p.buffer(), p.seriesStart(), p.seriesEnd()), StandardCharsets.UTF_8);
    }

    @Test
    void rawSeriesBytesAreTheInputSpelling() throws Exception {
        OpenMetricsParser p = ParserInput.openMetrics("a{x=\"1\",y=\"2\"} 1\n# EOF\n");
        p.next();
        assertArrayEquals("a{x=\"1\",y=\"2\"}".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(p.buffer(), p.seriesStart(), p.seriesEnd()));
    }
}
