package dev.narthex.promql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.promql.ast.PositionRange;
import dev.narthex.promql.engine.ErrorType;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of parse error, with Prometheus's exact text and position. */
class ParseErrorTest {
    static Stream<Arguments> cases() {
        String[][] table = {
            {"", "unknown position: parse error: no expression found in input"}, // as Prometheus 3.5.3 answers /api/v1/query?query=
            {"   ", "1:1: parse error: no expression found in input"},
            {"# only a comment", "1:1: parse error: no expression found in input"},
            {"1 +", "1:4: parse error: unexpected end of input"},
            {"* 2", "1:1: parse error: unexpected <op:*>"},
            {"(1 + 2", "1:7: parse error: unclosed left parenthesis"},
            {"(1 + 2))", "1:9: parse error: unexpected right parenthesis ')'"},
            {"foo]", "1:4: parse error: unexpected right bracket ']'"},
            {"sum(rate(x[5m])", "1:16: parse error: unclosed left parenthesis"},
            {"up{job=\"a\"", "1:11: parse error: unexpected end of input inside braces"},
            {"up{job=\"a\",,}", "1:12: parse error: unexpected \",\" in label matching, expected identifier or \"}\""},
            {"up{job}", "1:7: parse error: unexpected \"}\" in label matching, expected label matching operator"},
            {"up{job=}", "1:8: parse error: unexpected \"}\" in label matching, expected string"},
            {"up{job=~}", "1:9: parse error: unexpected \"}\" in label matching, expected string"},
            {"up{job=\"a\" env=\"b\"}", "1:12: parse error: unexpected identifier \"env\" in label matching, expected \",\" or \"}\""},
            {"up{job!\"a\"}", "1:7: parse error: unexpected character after '!' inside braces: '\"'"},
            {"up{\"a\"=}", "1:8: parse error: unexpected \"}\" in label matching, expected string"},
            {"up{{}}", "1:4: parse error: unexpected left brace '{'"},
            {"up{job=\"a\\qb\"}", "1:8: parse error: unknown escape sequence U+0071 'q'"},
            {"\"abc", "1:1: parse error: unterminated quoted string"},
            {"'abc\\'", "1:1: parse error: unterminated quoted string"},
            {"`abc", "1:1: parse error: unterminated raw string"},
            {"\"\\xZZ\"", "1:1: parse error: illegal character U+005A 'Z' in escape sequence"},
            {"\"\\u12\"", "1:1: parse error: illegal character U+0022 '\"' in escape sequence"},
            {"\"\\uD800\"", "1:1: parse error: escape sequence is an invalid Unicode code point"},
            {"1e", "1:1: parse error: bad number or duration syntax: \"1e\""},
            {"0x", "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"0x\": invalid syntax"},
            {"1..2", "1:1: parse error: bad number or duration syntax: \"1..\""},
            {"5mm", "1:1: parse error: bad number or duration syntax: \"5mm\""},
            {"foo[5m", "1:7: parse error: unclosed left bracket"},
            {"foo[]", "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"},
            {"foo[5m 1m]", "1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\""},
            {"foo[5m:1m:2m]", "1:10: parse error: unexpected colon ':'"},
            {"foo[:5m]", "1:6: parse error: unexpected colon before duration in duration expression"},
            {"foo[5m:1m", "1:10: parse error: unclosed left bracket"},
            {"foo[5m][5m]", "1:8: parse error: ranges only allowed for vector selectors"},
            {"foo[1h] [5m]", "1:9: parse error: ranges only allowed for vector selectors"},
            {"foo offset", "1:11: parse error: unexpected end of input in offset, expected number, duration, step(), or range()"},
            {"foo @", "1:6: parse error: unexpected end of input in @, expected timestamp"},
            {"foo @ start", "1:12: parse error: unexpected end of input in @, expected timestamp"},
            {"foo offset 5m offset 1m", "1:1: parse error: offset may not be set multiple times"},
            {"foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"},
            {"foo offset 5m [5m]", "1:15: parse error: no offset modifiers allowed before range"},
            {"foo @ 10 [5m]", "1:10: parse error: no @ modifiers allowed before range"},
            {"(foo)[5m]", "1:6: parse error: ranges only allowed for vector selectors"},
            {"rate(foo)[5m]", "1:10: parse error: ranges only allowed for vector selectors"},
            {"1 offset 5m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"},
            {"sum(foo) offset 5m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"},
            {"(foo) @ 10", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"},
            {"foo @ Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"},
            {"foo[0s]", "1:5: parse error: duration must be greater than 0"},
            {"foo[-5m]", "1:5: parse error: duration must be greater than 0"},
            {"foo[5m:0s]", "1:8: parse error: duration must be greater than 0"},
            {"foo[5m / 0]", "1:8: parse error: division by zero"},
            {"foo[5m % 0]", "1:8: parse error: modulo by zero"},
            {"foo offset 1000000y", "1:12: parse error: duration out of range"},
            {"sum by foo (bar)", "1:8: parse error: unexpected identifier \"foo\" in grouping opts, expected \"(\""},
            {"sum by (foo (bar)", "1:13: parse error: unexpected \"(\" in grouping opts, expected \",\" or \")\""},
            {"sum by (,) (bar)", "1:9: parse error: unexpected \",\" in grouping opts, expected label"},
            {"sum by (\"\") (bar)", "1:9: parse error: invalid label name for grouping: \"\""},
            {"sum without (foo,,bar) (baz)", "1:18: parse error: unexpected \",\" in grouping opts, expected label"},
            {"sum by (a) 1", "1:12: parse error: unexpected number \"1\" in aggregation"},
            {"sum without (a)", "1:16: parse error: unexpected end of input in aggregation"},
            {"sum()", "1:1: parse error: no arguments for aggregate expression provided"},
            {"sum(a, b)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2"},
            {"topk(a)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"},
            {"topk(a, b)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"},
            {"count_values(1, a)", "1:14: parse error: expected type string in aggregation parameter, got scalar"},
            {"quantile(\"x\", a)", "1:10: parse error: expected type scalar in aggregation parameter, got string"},
            {"sum(\"x\")", "1:5: parse error: expected type instant vector in aggregation expression, got string"},
            {"sum(foo[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector"},
            {"nonexistent(foo)", "1:1: parse error: unknown function with name \"nonexistent\""},
            {"rate()", "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 0"},
            {"rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"},
            {"rate(foo[5m], 1)", "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2"},
            {"round()", "1:1: parse error: expected at least 1 argument(s) in call to \"round\", got 0"},
            {"round(foo, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3"},
            {"label_join(foo)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1"},
            {"histogram_quantile(foo, bar)", "1:20: parse error: expected type scalar in call to function \"histogram_quantile\", got instant vector"},
            {"time(1)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"},
            {"vector(\"x\")", "1:8: parse error: expected type scalar in call to function \"vector\", got string"},
            {"abs(foo,)", "1:8: parse error: trailing commas not allowed in function call args"},
            {"\"a\" + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"},
            {"foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"},
            {"1 + foo[5m]", "1:5: parse error: binary expression must contain only scalar and instant vector types"},
            {"-\"a\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""},
            {"-foo[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\""},
            {"foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"},
            {"1 or 2", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"},
            {"1 unless foo", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"},
            {"1 and bool 1", "1:3: parse error: bool modifier can only be used on comparison operators"},
            {"foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"},
            {"1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier"},
            {"foo * on(a) 1", "1:1: parse error: vector matching only allowed between instant vectors"},
            {"foo + fill(0) 1", "1:1: parse error: filling in missing series only allowed between instant vectors"},
            {"foo and on(a) group_left bar", "1:1: parse error: no grouping allowed for \"and\" operation"},
            {"foo or on(a) fill(1) bar", "1:1: parse error: filling in missing series not allowed for set operators"},
            {"a * on(x) group_left(x) b", "1:3: parse error: label \"x\" must not occur in ON and GROUP clause at once"},
            {"{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
            {"{a=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
            {"{a=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
            {"{a!~\".+\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
            {"foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
            {"foo{\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
            {"{a=\"1\"}[5m] smoothed anchored", "1:1: parse error: anchored and smoothed modifiers cannot be used together"},
            {"foo[5m:] anchored", "1:1: parse error: anchored modifier is not supported for subqueries"},
            {"sum(foo) smoothed", "1:1: parse error: smoothed modifier not implemented"},
            {"foo{a=~\"(\"}", "1:5: parse error: error parsing regexp: missing closing ): `^(?s:()$`"},
            {"foo{a=~\"a{1001}\"}", "1:5: parse error: error parsing regexp: invalid repeat count: `{1001}`"},
            {"info(foo, bar)", "1:11: parse error: expected label selectors only, got vector selector instead"},
            {"info(foo, bar{a=\"b\"})", "1:11: parse error: expected label selectors only, got vector selector instead"},
            {"info(foo, 1)", "1:1: parse error: expected type instant vector in call to function \"info\", got scalar"},
            {"info(foo, rate(bar[1m]))", "1:11: parse error: expected label selectors only"},
            {"foo[5m:1m][5m:1m]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"},
            {"(1)[5m:]", "1:1: parse error: subquery is only allowed on instant vector, got scalar instead"},
            {"\"x\"[5m:]", "1:1: parse error: subquery is only allowed on instant vector, got string instead"},
            {"a and b[5m]", "1:7: parse error: binary expression must contain only scalar and instant vector types"},
            {"a !b", "1:3: parse error: unexpected character after '!': 'b'"},
            {"a = b", "1:3: parse error: unexpected \"=\""},
            {"a =~ b", "1:3: parse error: unexpected character after '=': '~'"},
            {"foo{a!}", "1:6: parse error: unexpected character after '!' inside braces: '}'"},
            {"foo == == bar", "1:8: parse error: unexpected <op:==>"},
            {"sum(foo) by (a) by (b)", "1:17: parse error: unexpected <by>"},
            {"sum(foo) with (a)", "1:10: parse error: unexpected identifier \"with\""},
        };
        return Arrays.stream(table).map(r -> Arguments.of(r[0], r[1]));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void reportsPrometheusMessage(String query, String expected) {
        ParseException e = assertThrows(ParseException.class, () -> PromqlParser.parseExpr(query));
        assertEquals(expected, e.getMessage());
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals(query, e.query());
    }

    @Test
    void positionsCountLinesAndColumns() {
        ParseException e = assertThrows(ParseException.class, () -> PromqlParser.parseExpr("sum(\n  foo\n) by (a) +"));
        assertEquals("3:11: parse error: unexpected end of input", e.getMessage());
        ParseException t = assertThrows(ParseException.class, () -> PromqlParser.parseExpr("foo +\n  rate(bar)"));
        assertEquals("2:8: parse error: expected type range vector in call to function \"rate\", got instant vector",
                t.getMessage());
        assertEquals(new PositionRange(13, 16), t.first().positionRange());
    }

    @Test
    void columnsCountUtf8BytesAsPrometheusDoes() {
        ParseException e = assertThrows(ParseException.class, () -> PromqlParser.parseExpr("{a=\"é\"} +"));
        assertEquals("1:11: parse error: unexpected end of input", e.getMessage());
    }

    @Test
    void keepsEveryErrorInOrder() {
        ParseException e = assertThrows(ParseException.class, () -> PromqlParser.parseExpr("rate(foo) + rate(bar)"));
        assertEquals(2, e.errors().size());
        assertEquals(5, e.errors().get(0).positionRange().start());
        assertEquals(17, e.errors().get(1).positionRange().start());
    }

    @Test
    void metricSelectorErrors() {
        ParseException e = assertThrows(ParseException.class, () -> PromqlParser.parseMetricSelector("up{job=}"));
        assertEquals("1:8: parse error: unexpected \"}\" in label matching, expected string", e.getMessage());
        assertThrows(ParseException.class, () -> PromqlParser.parseMetricSelector("rate(up[5m])"));
    }
}
