package dev.narthex.promql.scripts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StaleNaN;
import org.junit.jupiter.api.Test;

/** The script language details that are easy to get wrong (FORMAT.md sections 1-5). */
class ScriptParserTest {
    @Test
    void repeatsExpandToNPlusOneButOmissionsToN() {
        SeriesNotation.Series s = SeriesNotation.parse("m{a=\"x\"} 1+1x3 _x2 7");
        assertEquals(Labels.of("__name__", "m", "a", "x"), s.labels());
        assertEquals(7, s.size());
        assertArrayEquals(new byte[] {1, 1, 1, 1, 0, 0, 1}, s.kinds());
        assertEquals(4, s.values()[3]);
        assertEquals(7, s.values()[6]);
    }

    @Test
    void progressionsUseRepeatedAdditionAndSignedSteps() {
        SeriesNotation.Series s = SeriesNotation.parse("m 0+0.1x3 99-1x1 -2+1x1 Inf nan stale");
        assertEquals(0.30000000000000004, s.values()[3]);
        assertEquals(98, s.values()[5]);
        assertEquals(-1, s.values()[7]);
        assertEquals(Double.POSITIVE_INFINITY, s.values()[8]);
        assertTrue(Double.isNaN(s.values()[9]) && !StaleNaN.is(s.values()[9]));
        assertTrue(StaleNaN.is(s.values()[10]));
        assertThrows(ScriptSyntaxException.class, () -> SeriesNotation.parse("m 0+-1x3"));
    }

    @Test
    void histogramsAreRecognisedAsSlots() {
        SeriesNotation.Series s = SeriesNotation.parse("h {{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{count:1}}x2 3");
        assertEquals(4, s.size());
        assertTrue(s.hasHistogram());
        assertEquals(SeriesNotation.FLOAT, s.kinds()[3]);
    }

    @Test
    void commentsEndBlocksAndScalarLinesEndEvals() {
        Script script = ScriptParser.parse("t", String.join("\n",
                "load 5m",
                "  m 1 2",
                "# a comment ends the block, so the next line is a command",
                "eval instant at 5m m",
                "  expect no_warn",
                "  m 2",
                "",
                "eval instant at 0 1+1",
                "  2",
                "eval range from 0 to 10m step 5m m",
                "  m 1 2 _"));
        assertEquals(4, script.commands().size());
        assertEquals(1, ((Script.Load) script.commands().get(0)).series().size());
        assertEquals(2.0, ((Script.Eval) script.commands().get(2)).expectedScalar());
        assertTrue(((Script.Eval) script.commands().get(3)).range());
        assertThrows(ScriptSyntaxException.class, () -> ScriptParser.parse("t", "load 5m\n  m 1\n# x\n  n 1"));
    }

    @Test
    void evalHeadersAndExpectations() {
        Script script = ScriptParser.parse("t", String.join("\n",
                "eval instant at 1m30s rate(m[1m])",
                "  expect warn msg: PromQL warning: x",
                "  expect fail regex:bad.*",
                "  expect ordered",
                "  {} 1",
                "",
                "eval_ordered instant at 10s53ms m",
                "",
                "eval instant at 1m m[1m]",
                "  expect range vector from 10s to 1m step 10s",
                "  m 1 2 3"));
        Script.Eval a = (Script.Eval) script.commands().get(0);
        assertEquals(90_000, a.startMs());
        assertTrue(a.warnings().checked());
        assertEquals("PromQL warning: x", a.warnings().expected().get(0).exact());
        assertTrue(a.fail().matches("very bad thing"));
        assertTrue(a.ordered());
        Script.Eval b = (Script.Eval) script.commands().get(1);
        assertEquals(10_053, b.startMs());
        assertTrue(b.ordered());
        assertFalse(b.warnings().checked());
        Script.Eval c = (Script.Eval) script.commands().get(2);
        assertEquals(10_000, c.expectedRange().startMs());
        assertNull(c.expectedScalar());
        assertThrows(ScriptSyntaxException.class, () -> ScriptParser.parse("t", "eval instant at 0 m\n  m 1 2"));
        assertThrows(ScriptSyntaxException.class, () -> ScriptParser.parse("t", "eval instant at 0 sum(\n  expect fail"),
                "a syntax error fails the file even under expect fail");
    }
}
