package dev.narthex.scraper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromTextParserTest {

    @Test
    void parsesMetadataCommentsWhitespaceAndEscapes() throws Exception {
        PromTextParser p = ParserInput.text("""
                # HELP go_gc GC \\"pauses\\" \\\\ in\\nseconds.
                # \tTYPE go_gc summary
                go_gc{quantile="0"} 4.9351e-05
                go_gc { quantile = "0.5" , a = "b\\\\c\\"d\\ne" , } 8.3835e-05

                # free comment
                #
                # HELP nohelp
                up 1 1700000000123
                x{y="v"} NaN
                x{y="w"}\t-Inf  \t 42
                {"my.metric", "other.label"="v"} +Inf
                # TYPE plain untyped
                plain 7""");
        assertEquals(Entry.HELP, p.next());
        assertEquals("go_gc", p.metricName());
        // The text format resolves only \\ and \n in HELP.
        assertEquals("GC \\\"pauses\\\" \\ in\nseconds.", p.help());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.SUMMARY, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "go_gc", "quantile", "0.0"), p.labels());
        assertEquals(4.9351e-05, p.value());
        assertFalse(p.hasTimestamp());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "go_gc", "quantile", "0.5", "a", "b\\c\"d\ne"), p.labels());
        assertEquals(Entry.COMMENT, p.next());
        assertEquals(6, p.line());
        assertEquals("# free comment", p.comment());
        assertEquals(Entry.COMMENT, p.next());
        assertEquals("#", p.comment());
        assertEquals(Entry.HELP, p.next());
        assertEquals("", p.help());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(1700000000123L, p.timestamp());
        assertTrue(p.hasTimestamp());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(0x7ff8000000000001L, Double.doubleToRawLongBits(p.value()));
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Double.NEGATIVE_INFINITY, p.value());
        assertEquals(42L, p.timestamp());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "my.metric", "other.label", "v"), p.labels());
        assertEquals(Double.POSITIVE_INFINITY, p.value());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.UNKNOWN, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(7.0, p.value());
        assertEquals(14, p.line());
        assertEquals(Entry.EOF, p.next());
    }

    @Test
    void quotedNewlineInLabelValueCountsAsLine() throws Exception {
        PromTextParser p = ParserInput.text("a{b=\"x\ny\"} 1\nc 2\n");
        p.next();
        assertEquals("x\ny", p.labels().get("b"));
        p.next();
        assertEquals(3, p.line());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            'a'                                | 1 | expected value after metric, got "\\n" ("INVALID") while parsing: "a\\n"
            'ok 1\\na{b=\\n'                   | 2 | expected label value, got "\\n" ("INVALID") while parsing: "a{b=\\n"
            'x{problem="'                      | 1 | expected label value, got "\\"\\n" ("INVALID") while parsing: "x{problem=\\"\\n"
            'e{=""} 0'                         | 1 | expected label name, got "=\\"" ("EQUAL") while parsing: "e{=\\""
            '{A}0'                             | 1 | expected equal, got "}0" ("BCLOSE") while parsing: "{A}0"
            'a true\\n'                        | 1 | strconv.ParseFloat: parsing "true": invalid syntax while parsing: "a true"
            'foo 0x1p-3\\n'                    | 1 | unsupported character in float while parsing: "foo 0x1p-3"
            'foo 1.5d\\n'                      | 1 | strconv.ParseFloat: parsing "1.5d": invalid syntax while parsing: "foo 1.5d"
            'foo 0 1_2\\n'                     | 1 | expected next entry after timestamp, got "_" ("INVALID") while parsing: "foo 0 1_"
            'foo 0 1.5\\n'                     | 1 | expected next entry after timestamp, got "." ("INVALID") while parsing: "foo 0 1."
            'foo 1 99999999999999999999\\n'    | 1 | strconv.ParseInt: parsing "99999999999999999999": value out of range while parsing: "foo 1 99999999999999999999"
            '{a="ok"} 1'                       | 1 | metric name not set while parsing: "{a=\\"ok\\"} 1"
            '# TYPE #\\n'                      | 1 | expected metric name after TYPE, got "#" ("INVALID") while parsing: "# TYPE #"
            '# TYPE m gaugehistogram\\n'       | 1 | invalid metric type "gaugehistogram"
            'a{b="c"} 1\\n\\n# HELP #\\n'      | 3 | expected metric name after HELP, got "#" ("INVALID") while parsing: "# HELP #"
            """)
    void badInputFailsWithPrometheusTextAndLine(String input, int line, String reason) {
        PromTextParser p = ParserInput.text(input.replace("\\n", "\n"));
        ParseException e = assertThrows(ParseException.class, () -> {
            while (p.next() != Entry.EOF) {
                // drain
            }
        });
        assertEquals(reason, e.reason());
        assertEquals(line, e.line());
    }

    @Test
    void resetForgetsEarlierState() throws Exception {
        PromTextParser p = ParserInput.text("# TYPE h histogram\nh_bucket{le=\"1\"} 1\n");
        p.next();
        p.next();
        assertEquals("1.0", p.labels().get("le"));
        byte[] b = "h_bucket{le=\"1\"} 1\n".getBytes(StandardCharsets.UTF_8);
        p.reset(b, 0, b.length);
        p.next();
        assertEquals("1", p.labels().get("le"));
        assertEquals(1, p.line());
    }
}
