package dev.narthex.scraper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass path for plain series lines yields exactly what the general lexer-driven path yields:
 * same entries, offsets, labels, values, timestamps, line numbers and errors, on plain lines, on lines
 * it must hand over, and on broken ones.
 */
class PromTextPlainPathTest {
    private static final String[] LINES = {
        "m 1", "m{} 2", "m{a=\"1\"} 3", "m{a=\"1\",} 4", "m{a=\"1\",b=\"\"} 5", "m{a=\"1\"}6", "m{a=\"1\"}\t 7",
        "m 8 1700000000123", "m{a=\"x\"} 9 \t1700000000000 ", "m 10 ", "m NaN", "m +Inf", "m -Inf", "m 1e-3",
        "m 0x1p3", "m 1_0", "m{a=\"\\\"q\\\\\"} 11", "m{a=\"é\"} 12", "m{a=\"line\nbreak\"} 13", "m {a=\"1\"} 14",
        "m{a = \"1\"} 15", "m{a=\"1\" b=\"2\"} 16", "m{\"a.b\"=\"1\"} 17", "m{\"quoted.name\"} 18", "m", "m{a=\"1\"}",
        "m{a=\"1\"", "m{a=1} 19", "m 20 x", "m 21 99999999999999999999", "m{a=\"1\"} 22{", "m 23 4{", "m{,a=\"1\"} 24",
        "m{1a=\"1\"} 25", "m:sub_total{le=\"+Inf\"} 26", "m{a=\"1\",,b=\"2\"} 27", "m 28 12 13", "# TYPE m histogram",
        "m_bucket{le=\"1\"} 29", "# HELP m help", "# free comment", "", "m\u0000 30", "m 31\u0000",
    };

    @Test
    void plainPathAgreesWithGeneralPathOnEveryLineKind() {
        for (String line : LINES) {
            for (String tail : new String[] {"", "\n", "\nn 1\n"}) {
                check("x 0\n" + line + tail);
            }
        }
    }

    @Test
    void plainPathAgreesOnRandomBodies() {
        Random rnd = new Random(7);
        for (int k = 0; k < 3000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(4);
            for (int j = 0; j < n; j++) {
                sb.append(LINES[rnd.nextInt(LINES.length)]).append('\n');
            }
            if (rnd.nextBoolean()) {
                sb.setLength(sb.length() - 1);
            }
            check(sb.toString());
        }
    }

    private static void check(String text) {
        assertEquals(run(text, false), run(text, true), () -> "input: " + text.replace("\n", "\\n"));
    }

    /** Everything a caller can observe, entry by entry, up to the end or the first error. */
    private static List<String> run(String text, boolean plainPath) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        PromTextParser p = new PromTextParser(plainPath);
        p.reset(b, 0, b.length);
        List<String> out = new ArrayList<>();
        try {
            for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
                String s = e + "@" + p.line();
                if (e == Entry.SERIES) {
                    s += " [" + p.seriesStart() + "," + p.seriesEnd() + ") " + p.labels() + " "
                            + Double.doubleToRawLongBits(p.value()) + (p.hasTimestamp() ? " t" + p.timestamp() : "");
                }
                out.add(s);
            }
        } catch (ParseException ex) {
            out.add(ex.getMessage());
        }
        return out;
    }
}
