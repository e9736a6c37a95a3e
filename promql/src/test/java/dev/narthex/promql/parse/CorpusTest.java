package dev.narthex.promql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.narthex.promql.ast.Expr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses every query of the shared corpora: the compat harness's queries and every eval of
 * Prometheus's own test scripts. Evals expected to fail (eval_fail, "expect fail") may fail to parse;
 * all others must parse, and every parsed query must print to a form that parses back to the same
 * tree (positions aside).
 */
class CorpusTest {
    private static final Path UPSTREAM = Path.of("/work/shared/promql-tests/upstream");
    private static final Path COMPAT = Path.of("/work/shared/compat/queries.txt");
    private static final Pattern INSTANT =
            Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE = Pattern.compile(
            "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");

    private record Query(String where, String text, boolean mayFail) {
    }

    private static List<Query> upstreamQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(UPSTREAM)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f).stream().map(String::strip).toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = INSTANT.matcher(lines.get(i));
                if (!m.matches()) {
                    m = RANGE.matcher(lines.get(i));
                    if (!m.matches()) {
                        continue;
                    }
                }
                boolean mayFail = "fail".equals(m.group(1));
                for (int j = i + 1; j < lines.size() && !lines.get(j).isEmpty() && !lines.get(j).startsWith("#"); j++) {
                    mayFail |= lines.get(j).startsWith("expect fail");
                }
                out.add(new Query(f.getFileName() + ":" + (i + 1), m.group(m.groupCount()), mayFail));
            }
        }
        return out;
    }

    @Test
    void everyUpstreamEvalParses() throws IOException {
        assumeTrue(Files.isDirectory(UPSTREAM), "upstream test scripts not present");
        List<Query> queries = upstreamQueries();
        assertTrue(queries.size() > 2000, "found only " + queries.size() + " evals");
        List<String> failures = new ArrayList<>();
        for (Query q : queries) {
            try {
                roundTrip(PromqlParser.parseExpr(q.text()));
            } catch (ParseException e) {
                if (!q.mayFail()) {
                    failures.add(q.where() + ": " + q.text() + " -> " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyCompatQueryParsesExceptTheDeliberateErrors() throws IOException {
        assumeTrue(Files.isRegularFile(COMPAT), "compat queries not present");
        List<String> errors = new ArrayList<>();
        int parsed = 0;
        for (String line : Files.readAllLines(COMPAT)) {
            String q = line.strip();
            if (q.isEmpty() || q.startsWith("#")) {
                continue;
            }
            try {
                roundTrip(PromqlParser.parseExpr(q));
                parsed++;
            } catch (ParseException e) {
                errors.add(q);
            }
        }
        assertTrue(parsed > 150, "parsed only " + parsed);
        // The corpus's "errors" section holds two queries that no parser accepts.
        assertEquals(List.of("rate(queue_depth)", "sum(up{job=\"api\"} +"), errors);
    }

    private static void roundTrip(Expr e) {
        String printed = e.toString();
        Expr again = PromqlParser.parseExpr(printed);
        assertEquals(printed, again.toString(), "round trip of " + printed);
        assertEquals(PositionStripper.strip(e), PositionStripper.strip(again), "round trip of " + printed);
    }
}
