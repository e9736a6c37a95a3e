package dev.narthex.scraper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quoted-string and label-separator rules in which Prometheus's two lexers differ (promlex.l,
 * openmetricslex.l), side by side: the shared lexing code takes them as parameters, so each is pinned
 * here for both formats.
 */
class QuotedStringRulesTest {

    @Test
    void textFormatQuotedStringsTakeNewlinesAndNul() throws Exception {
        assertEquals(List.of(1, Labels.of("__name__", "a", "b", "x\ny", "c", "n\0ul"), 3, Labels.of("__name__", "d\ne"),
                5, Labels.of("__name__", "f")),
                seriesByLine(ParserInput.text("a{b=\"x\ny\",c=\"n\0ul\"} 1\n{\"d\ne\"} 2\nf 3\n")));
    }

    @Test
    void textFormatMetadataNameMayBeQuoted() throws Exception {
        ExpositionParser p = ParserInput.text("# HELP \"my.metric\" Some help.\n");
        assertEquals(Entry.HELP, p.next());
        assertEquals("my.metric", p.metricName());
        assertEquals("Some help.", p.help());
    }

    @Test
    void textFormatCommasBetweenLabelsAreOptional() throws Exception {
        ExpositionParser p = ParserInput.text("a{b=\"c\" d=\"e\",} 1\n");
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "a", "b", "c", "d", "e"), p.labels());
    }

    @Test
    void textFormatUnterminatedStringRunsToTheEnd() {
        ParseException e = assertThrows(ParseException.class, () -> ParserInput.text("a{\"b\n").next());
        assertEquals("expected label name, got \"\\\"b\\n\\n\" (\"INVALID\") while parsing: \"a{\\\"b\\n\\n\"",
                e.reason());
    }

    @Test
    void openMetricsNamesSpanLinesAndSeriesValuesTakeNul() throws Exception {
        assertEquals(List.of(1, Labels.of("__name__", "x\ny", "l\nm", "n\0ul"), 4, Labels.of("__name__", "z")),
                seriesByLine(ParserInput.openMetrics("{\"x\ny\",\"l\nm\"=\"n\0ul\"} 1\nz 2\n# EOF\n")));
    }

    @Test
    void openMetricsExemplarTakesQuotedLabelNames() throws Exception {
        ExpositionParser p = ParserInput.openMetrics("m{a=\"b\"} 1 # {\"trace.id\"=\"x\",span=\"y\"} 2\n# EOF\n");
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Labels.of("__name__", "m", "a", "b"), p.labels());
        assertEquals(Labels.of("trace.id", "x", "span", "y"), p.exemplar().labels());
    }

    @Test
    void openMetricsRefusesWhatItsLexerDoesNotMatch() {
        // The error snippets reach one byte past the token, up to the byte that stopped it.
        assertEquals("expected label name, got \"\\\"x\\x00\" (\"INVALID\") while parsing: \"a{\\\"x\\x00\"",
                openMetricsError("a{\"x\0y\"=\"v\"} 1\n# EOF\n"));
        assertEquals("expected label value, got \"\\\"x\\n\" (\"INVALID\") while parsing: \"m 1 # {a=\\\"x\\n\"",
                openMetricsError("m 1 # {a=\"x\ny\"} 1\n# EOF\n"));
        assertEquals("expected label value, got \"\\\"x\\x00\" (\"INVALID\") while parsing: \"m 1 # {a=\\\"x\\x00\"",
                openMetricsError("m 1 # {a=\"x\0y\"} 1\n# EOF\n"));
        assertEquals("expected label name, got \"\\\"a\\n\" (\"INVALID\") while parsing: \"m 1 # {\\\"a\\n\"",
                openMetricsError("m 1 # {\"a\nb\"=\"c\"} 1\n# EOF\n"));
        assertEquals("expected label name, got \"} \" (\"BCLOSE\") while parsing: \"m 1 # {\\\"a\\\"} \"",
                openMetricsError("m 1 # {\"a\"} 1\n# EOF\n"));
        assertEquals("expected comma or brace close, got \" \" (\"INVALID\") while parsing: \"a{b=\\\"c\\\" \"",
                openMetricsError("a{b=\"c\" d=\"e\"} 1\n# EOF\n"));
        assertEquals("expected label value, got \"\\\"c\" (\"INVALID\") while parsing: \"a{b=\\\"c\"",
                openMetricsError("a{b=\"c"));
    }

    /** The line number and label set of every series entry, in turn. */
    private static List<Object> seriesByLine(ExpositionParser p) throws ParseException {
        List<Object> out = new ArrayList<>();
        for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
            if (e == Entry.SERIES) {
                out.add(p.line());
                out.add(p.labels());
            }
        }
        return out;
    }

    private static String openMetricsError(String text) {
        ExpositionParser p = ParserInput.openMetrics(text);
        return assertThrows(ParseException.class, () -> {
            while (p.next() != Entry.EOF) {
                // drain
            }
        }).reason();
    }
}
