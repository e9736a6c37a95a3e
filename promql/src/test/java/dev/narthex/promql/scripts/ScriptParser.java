package dev.narthex.promql.scripts;

import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.parse.PromqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the promqltest script language (FORMAT.md sections 1-7) into a {@link Script}. As upstream, every
 * eval expression must parse: a syntax error fails the whole file, so {@code expect fail} never covers one.
 */
final class ScriptParser {
    private static final Pattern INSTANT = Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE = Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");
    private static final Pattern LOAD = Pattern.compile("^(load|load_with_nhcb)\\s+(\\S+)$");
    private static final Pattern EXPECT_RANGE = Pattern.compile("^expect\\s+range\\s+vector\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)$");

    private ScriptParser() {
    }

    static Script parse(String file, String content) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        List<Script.Command> commands = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isEmpty()) {
                i++;
                continue;
            }
            int header = i;
            String word = lines[i].split("\\s+", 2)[0].toLowerCase();
            int end = i + 1;
            while (end < lines.length && !lines[end].isEmpty()) {
                end++;
            }
            try {
                if (word.equals("clear")) {
                    commands.add(new Script.Clear(header + 1));
                    end = header + 1;
                } else if (word.startsWith("load")) {
                    commands.add(load(header + 1, lines[header], lines, header + 1, end));
                } else if (word.startsWith("eval")) {
                    int[] consumed = new int[1];
                    commands.add(eval(header + 1, lines[header], lines, header + 1, end, consumed));
                    end = consumed[0];
                } else {
                    throw new ScriptSyntaxException("invalid command \"" + lines[header] + "\"");
                }
            } catch (ScriptSyntaxException e) {
                throw new ScriptSyntaxException(file + ":" + (header + 1) + ": " + e.getMessage());
            }
            i = end;
        }
        for (Script.Command c : commands) {
            if (c instanceof Script.Eval ev) {
                try {
                    PromqlParser.parseExpr(ev.expr()); // upstream parses every expression up front
                } catch (PromqlException e) {
                    throw new ScriptSyntaxException(file + ":" + ev.line() + ": " + e.getMessage());
                }
            }
        }
        return new Script(file, commands);
    }

    private static Script.Load load(int line, String header, String[] lines, int from, int to) {
        Matcher m = LOAD.matcher(header);
        if (!m.matches()) {
            throw new ScriptSyntaxException("invalid load command: " + header);
        }
        List<SeriesNotation.Series> series = new ArrayList<>();
        List<SeriesNotation.Series> startTimes = new ArrayList<>();
        boolean startTimestamps = false;
        SeriesNotation.Series pendingStartTimes = null;
        for (int i = from; i < to; i++) {
            SeriesNotation.Series s = SeriesNotation.parse(lines[i]);
            if (s.startTimestamps()) {
                startTimestamps = true;
                if (i + 1 >= to) {
                    throw new ScriptSyntaxException("@st line not followed by its series: " + lines[i]);
                }
                SeriesNotation.Series next = SeriesNotation.parse(lines[i + 1]);
                if (next.startTimestamps() || !next.labels().equals(s.labels()) || next.size() != s.size()) {
                    throw new ScriptSyntaxException("@st line does not match the next series: " + lines[i]);
                }
                pendingStartTimes = s;
                continue;
            }
            series.add(s);
            startTimes.add(pendingStartTimes);
            pendingStartTimes = null;
        }
        return new Script.Load(line, Durations.parse(m.group(2)), m.group(1).equals("load_with_nhcb"), series, startTimes,
                startTimestamps);
    }

    private static Script.Eval eval(int line, String header, String[] lines, int from, int to, int[] consumed) {
        String modifier;
        boolean range;
        long start;
        long end;
        long step = 0;
        String expr;
        Matcher m = INSTANT.matcher(header);
        if (m.matches()) {
            range = false;
            modifier = m.group(1);
            start = end = Durations.parse(m.group(2));
            expr = m.group(3);
        } else {
            m = RANGE.matcher(header);
            if (!m.matches()) {
                throw new ScriptSyntaxException("invalid eval command: " + header);
            }
            range = true;
            modifier = m.group(1);
            start = Durations.parse(m.group(2));
            end = Durations.parse(m.group(3));
            step = Durations.parse(m.group(4));
            expr = m.group(5);
            if (end < start) {
                throw new ScriptSyntaxException("invalid test definition, end timestamp is before start timestamp");
            }
        }
        Script.ExpectedText fail = "fail".equals(modifier) ? Script.ExpectedText.ANY : null;
        boolean ordered = "ordered".equals(modifier);
        Annotations warns = new Annotations("warn".equals(modifier));
        Annotations infos = new Annotations("info".equals(modifier));
        Double scalar = null;
        String string = null;
        Script.ExpectedRange expectedRange = null;
        List<SeriesNotation.Series> series = new ArrayList<>();
        int i = from;
        for (; i < to; i++) {
            String l = lines[i];
            if (l.startsWith("expected_fail_message") || l.startsWith("expected_fail_regexp")) {
                if (!"fail".equals(modifier)) {
                    throw new ScriptSyntaxException("invalid expected failure on non-eval_fail command");
                }
                String rest = l.substring(l.indexOf(' ') + 1).strip();
                fail = l.startsWith("expected_fail_message") ? new Script.ExpectedText(rest, null) : new Script.ExpectedText(null, regex(rest));
                i++;
                break;
            }
            Matcher r = EXPECT_RANGE.matcher(l);
            if (r.matches()) {
                expectedRange = new Script.ExpectedRange(Durations.parse(r.group(1)), Durations.parse(r.group(2)), Durations.parse(r.group(3)));
                continue;
            }
            if (l.startsWith("expect string")) {
                String lit = l.substring("expect string".length()).strip();
                if (lit.isEmpty()) {
                    throw new ScriptSyntaxException("expected string literal not valid");
                }
                string = StringLiterals.unquote(lit);
                continue;
            }
            String[] words = l.split(" ", 2);
            if (words[0].equals("expect")) {
                String rest = words.length > 1 ? words[1].strip() : "";
                String[] typeAndText = rest.split(" ", 2);
                Script.ExpectedText text = expectedText(typeAndText.length > 1 ? typeAndText[1].strip() : "");
                switch (typeAndText[0]) {
                    case "fail" -> {
                        if (fail != null && fail != Script.ExpectedText.ANY) {
                            throw new ScriptSyntaxException("multiple expect fail lines are not allowed");
                        }
                        fail = text;
                    }
                    case "ordered" -> ordered = true;
                    case "warn" -> warns.expect(text);
                    case "no_warn" -> warns.expectNone();
                    case "info" -> infos.expect(text);
                    case "no_info" -> infos.expectNone();
                    default -> throw new ScriptSyntaxException("unknown expect type: " + l);
                }
                continue;
            }
            Double v = SeriesNotation.parseScalar(l);
            if (v != null) {
                scalar = v;
                i++;
                break;
            }
            SeriesNotation.Series s = SeriesNotation.parse(l);
            if (!range && expectedRange == null && s.size() > 1) {
                throw new ScriptSyntaxException("expecting multiple values in instant evaluation not allowed");
            }
            series.add(s);
        }
        consumed[0] = i;
        if (expectedRange != null) {
            start = end = expectedRange.endMs(); // upstream evaluates at the directive's end time
        }
        return new Script.Eval(line, expr, range, start, end, step, fail, ordered, warns.build(), infos.build(),
                scalar, string, expectedRange, series);
    }

    private static Script.ExpectedText expectedText(String s) {
        if (s.isEmpty()) {
            return Script.ExpectedText.ANY;
        }
        if (s.startsWith("msg:")) {
            return new Script.ExpectedText(s.substring(4).strip(), null);
        }
        if (s.startsWith("regex:")) {
            return new Script.ExpectedText(null, regex(s.substring(6).strip()));
        }
        throw new ScriptSyntaxException("invalid expect text: " + s);
    }

    private static Pattern regex(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new ScriptSyntaxException("invalid regex " + re);
        }
    }

    /** Collects warn or info expectations and rejects contradictory ones. */
    private static final class Annotations {
        private final List<Script.ExpectedText> expected = new ArrayList<>();
        private boolean none;
        private boolean legacyAny;

        Annotations(boolean legacyAny) {
            this.legacyAny = legacyAny;
        }

        void expect(Script.ExpectedText t) {
            if (none) {
                throw new ScriptSyntaxException("cannot expect both annotations and none");
            }
            expected.add(t);
        }

        void expectNone() {
            if (!expected.isEmpty()) {
                throw new ScriptSyntaxException("cannot expect both annotations and none");
            }
            none = true;
        }

        Script.AnnotationExpectation build() {
            if (legacyAny && expected.isEmpty()) {
                expected.add(Script.ExpectedText.ANY);
            }
            if (!none && expected.isEmpty()) {
                return Script.AnnotationExpectation.UNCHECKED;
            }
            return new Script.AnnotationExpectation(true, none, List.copyOf(expected));
        }
    }
}
