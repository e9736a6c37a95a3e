package dev.narthex.promql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AggregateOp;
import dev.narthex.promql.ast.AtModifier;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.BinaryOp;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.DurationExpr;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.NumberLiteral;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.PositionRange;
import dev.narthex.promql.ast.StringLiteral;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorMatching;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.value.ValueType;
import dev.narthex.storage.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {
    private static Expr parse(String q) {
        return PromqlParser.parseExpr(q);
    }

    private static double number(String q) {
        return ((NumberLiteral) parse(q)).value();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "1 | 1",
        "0x1F | 31",
        "0X_1f | 31",
        "017 | 15",
        "1_000_000 | 1000000",
        "1e3 | 1000",
        "1.5E-1 | 0.15",
        ".5 | 0.5",
        "5. | 5",
        "-7 | -7",
        "+7 | 7",
        "5m | 300",
        "1h30m | 5400",
        "100ms | 0.1",
        "-1d | -86400",
    })
    void numberLiterals(String query, double expected) {
        assertEquals(expected, number(query));
    }

    @Test
    void infinityAndNaNInAnyCase() {
        assertEquals(Double.POSITIVE_INFINITY, number("Inf"));
        assertEquals(Double.POSITIVE_INFINITY, number("iNF"));
        assertEquals(Double.NEGATIVE_INFINITY, number("-inf"));
        assertTrue(Double.isNaN(number("NaN")));
        assertTrue(Double.isNaN(number("nan")));
        assertInstanceOf(VectorSelector.class, parse("Infinity"));
    }

    @Test
    void durationLiteralRemembersItsForm() {
        NumberLiteral n = (NumberLiteral) parse("90m");
        assertTrue(n.duration());
        assertEquals("1h30m", n.toString());
        assertFalse(((NumberLiteral) parse("5400")).duration());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "~\"a\\tb\\n\"~ | ~a\tb\n~",
        "~'it\\'s'~ | ~it's~",
        "~`raw\\n`~ | ~raw\\n~",
        "~\"\\x41\\102\\u0043\\U00000044\"~ | ABCD",
        "~\"\\u00e9\"~ | é",
        "~\"\\a\\b\\f\\r\\v\\\\\"~ | ~\u0007\b\f\r\u000b\\~",
    })
    void stringLiterals(String query, String expected) {
        StringLiteral s = (StringLiteral) parse(query);
        assertEquals(expected, s.value());
        assertEquals(ValueType.STRING, s.type());
    }

    @Test
    void invalidUtf8BytesSurviveAndPrintBack() {
        StringLiteral s = (StringLiteral) parse("\"a\\xc5z\"");
        assertEquals(3, s.value().length());
        assertEquals("\"a\\xc5z\"", s.toString());
        assertEquals("\"é\"", parse("\"\\xc3\\xa9\"").toString());
    }

    @Test
    void vectorSelectorWithAllMatcherTypes() {
        String q = "foo{a=\"1\", b!=\"2\", c=~\"3.*\", d!~'4'}";
        VectorSelector vs = (VectorSelector) parse(q);
        assertEquals("foo", vs.name());
        assertEquals(List.of(Matcher.equal("a", "1"), Matcher.notEqual("b", "2"), Matcher.regex("c", "3.*"),
                Matcher.notRegex("d", "4"), Matcher.equal("__name__", "foo")), vs.matchers());
        assertEquals(new PositionRange(0, q.length()), vs.positionRange());
        assertEquals(AtModifier.NONE, vs.at());
        assertEquals(0, vs.offsetMs());
    }

    @Test
    void quotedMetricAndLabelNames() {
        VectorSelector vs = (VectorSelector) parse("{\"my.metric\", \"label.x\"=\"v\"}");
        assertEquals("", vs.name());
        assertEquals(List.of(Matcher.equal("__name__", "my.metric"), Matcher.equal("label.x", "v")), vs.matchers());
        assertEquals("{\"label.x\"=\"v\",__name__=\"my.metric\"}", vs.toString());
    }

    @Test
    void keywordsAreMetricAndLabelNames() {
        VectorSelector vs = (VectorSelector) parse("sum{by=\"x\", offset=\"y\"}");
        assertEquals("sum", vs.name());
        assertEquals("offset", vs.matchers().get(1).name());
        assertEquals("offset", ((VectorSelector) parse("offset")).name());
        AggregateExpr a = (AggregateExpr) parse("sum by (on, bool, start) (x)");
        assertEquals(List.of("on", "bool", "start"), a.grouping());
    }

    @Test
    void fillIsAKeywordOnlyBeforeAParenthesis() {
        assertEquals("fill", ((VectorSelector) parse("fill")).name());
        BinaryExpr b = (BinaryExpr) parse("a + fill (0) b");
        assertTrue(b.matching().hasFillLhs());
        assertEquals(0, b.matching().fillRhs());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1 + 2 * 3 | 1 + 2 * 3 | ADD",
        "1 * 2 + 3 | 1 * 2 + 3 | ADD",
        "2 ^ 3 ^ 2 | 2 ^ 3 ^ 2 | POW",
        "a or b and c | a or b and c | LOR",
        "a and b unless c | a and b unless c | LUNLESS",
        "a atan2 b + c | a atan2 b + c | ADD",
        "a > b + 1 | a > b + 1 | GTR",
        "a == b or c | a == b or c | LOR",
    })
    void operatorPrecedence(String query, String printed, BinaryOp rootOp) {
        BinaryExpr b = (BinaryExpr) parse(query);
        assertEquals(printed, b.toString());
        assertEquals(rootOp, b.op());
    }

    @Test
    void powIsRightAssociative() {
        BinaryExpr b = (BinaryExpr) parse("2 ^ 3 ^ 2");
        assertInstanceOf(NumberLiteral.class, b.lhs());
        assertInstanceOf(BinaryExpr.class, b.rhs());
        BinaryExpr sub = (BinaryExpr) parse("a - b - c");
        assertInstanceOf(BinaryExpr.class, sub.lhs());
    }

    @Test
    void unaryMinusBindsLooserThanPowTighterThanMul() {
        UnaryExpr u = (UnaryExpr) parse("-a ^ b");
        assertEquals(UnaryExpr.Op.MINUS, u.op());
        assertInstanceOf(BinaryExpr.class, u.expr());
        BinaryExpr m = (BinaryExpr) parse("-a * b");
        assertInstanceOf(UnaryExpr.class, m.lhs());
        UnaryExpr n = (UnaryExpr) parse("-1 ^ 2");
        assertEquals(ValueType.SCALAR, n.type());
        UnaryExpr r = (UnaryExpr) parse("-foo offset 5m");
        assertEquals(300_000, ((VectorSelector) r.expr()).offsetMs());
    }

    @Test
    void unarySignFoldsIntoNumbers() {
        NumberLiteral n = (NumberLiteral) parse("- 5");
        assertEquals(-5, n.value());
        assertEquals(new PositionRange(0, 3), n.positionRange());
        assertInstanceOf(UnaryExpr.class, parse("-(5)"));
    }

    @Test
    void vectorMatchingModifiers() {
        BinaryExpr b = (BinaryExpr) parse("a * on (x, y) group_left (z) b");
        VectorMatching vm = b.matching();
        assertEquals(VectorMatching.Cardinality.MANY_TO_ONE, vm.card());
        assertTrue(vm.on());
        assertEquals(List.of("x", "y"), vm.matchingLabels());
        assertEquals(List.of("z"), vm.include());

        VectorMatching right = ((BinaryExpr) parse("a / ignoring (x) group_right b")).matching();
        assertEquals(VectorMatching.Cardinality.ONE_TO_MANY, right.card());
        assertFalse(right.on());
        assertEquals(List.of(), right.include());
    }

    @Test
    void setOperatorsAreManyToMany() {
        assertEquals(VectorMatching.Cardinality.MANY_TO_MANY, ((BinaryExpr) parse("a and b")).matching().card());
        assertEquals(VectorMatching.Cardinality.ONE_TO_ONE, ((BinaryExpr) parse("a + b")).matching().card());
    }

    @Test
    void noVectorMatchingUnlessBothSidesAreVectors() {
        assertNull(((BinaryExpr) parse("a + 1")).matching());
        assertNull(((BinaryExpr) parse("1 + 2")).matching());
        assertEquals(ValueType.SCALAR, parse("1 + 2").type());
        assertEquals(ValueType.VECTOR, parse("1 + a").type());
    }

    @Test
    void comparisonWithBool() {
        BinaryExpr b = (BinaryExpr) parse("a >= bool 3");
        assertTrue(b.returnBool());
        assertEquals(BinaryOp.GTE, b.op());
        assertEquals(ValueType.SCALAR, parse("1 == bool 1").type());
    }

    @Test
    void fillModifiers() {
        VectorMatching both = ((BinaryExpr) parse("a + fill(-1) b")).matching();
        assertEquals(-1, both.fillLhs());
        assertEquals(-1, both.fillRhs());
        VectorMatching lr = ((BinaryExpr) parse("a + on(x) fill_right(2) fill_left(1m) b")).matching();
        assertEquals(60, lr.fillLhs());
        assertEquals(2, lr.fillRhs());
        assertEquals("a + on (x) fill_left (60) fill_right (2) b", parse("a + on(x) fill_right(2) fill_left(1m) b").toString());
    }

    @Test
    void aggregationsWithModifierBeforeOrAfter() {
        AggregateExpr before = (AggregateExpr) parse("sum by (job) (x)");
        AggregateExpr after = (AggregateExpr) parse("sum(x) by (job)");
        assertEquals(before.toString(), after.toString());
        assertEquals(List.of("job"), after.grouping());
        AggregateExpr without = (AggregateExpr) parse("avg without (a, \"b.c\",) (x)");
        assertTrue(without.without());
        assertEquals(List.of("a", "b.c"), without.grouping());
        assertEquals("avg without (a, \"b.c\") (x)", without.toString());
    }

    @Test
    void everyAggregationOperator() {
        for (AggregateOp op : AggregateOp.values()) {
            String q = op.keyword() + "(" + (op == AggregateOp.COUNT_VALUES ? "\"v\", " : op.hasParam() ? "2, " : "") + "x)";
            AggregateExpr a = (AggregateExpr) parse(q.toUpperCase().replace("\"V\"", "\"v\"").replace("X)", "x)"));
            assertEquals(op, a.op());
            assertEquals(q, a.toString());
            assertEquals(op.hasParam(), a.param() != null);
        }
    }

    @Test
    void functionCalls() {
        Call c = (Call) parse("histogram_quantile(0.9, rate(foo[5m]))");
        assertEquals("histogram_quantile", c.func().name());
        assertEquals(2, c.args().size());
        assertEquals(ValueType.VECTOR, c.type());
        assertEquals(ValueType.SCALAR, parse("time()").type());
        assertEquals(ValueType.SCALAR, parse("pi()").type());
        assertEquals(6, ((Call) parse("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")")).args().size());
        assertEquals(1, ((Call) parse("round(x)")).args().size());
        assertEquals(0, ((Call) parse("year()")).args().size());
    }

    @Test
    void preprocessorNamesAreFunctionsOutsideModifiers() {
        assertEquals("step", ((Call) parse("step()")).func().name());
        assertEquals("min_of", ((Call) parse("min_of(1, 2)")).func().name());
        assertEquals("start", ((Call) parse("start()")).func().name());
    }

    @Test
    void infoMarksItsLabelSelector() {
        Call c = (Call) parse("info(foo, {k=~\".*\"})");
        assertTrue(((VectorSelector) c.args().get(1)).bypassEmptyMatcherCheck());
    }

    @Test
    void rangeAndSubquery() {
        MatrixSelector m = (MatrixSelector) parse("foo[1h30m]");
        assertEquals(5_400_000, m.rangeMs());
        assertNull(m.rangeExpr());
        assertEquals(ValueType.MATRIX, m.type());
        assertEquals(new PositionRange(0, 10), m.positionRange());

        SubqueryExpr s = (SubqueryExpr) parse("rate(foo[5m])[1h:30s]");
        assertEquals(3_600_000, s.rangeMs());
        assertEquals(30_000, s.stepMs());
        SubqueryExpr d = (SubqueryExpr) parse("foo[1h:]");
        assertEquals(0, d.stepMs());
        assertNull(d.stepExpr());
        assertEquals("foo[1h:]", d.toString());
        assertEquals(5_000, ((MatrixSelector) parse("foo[5]")).rangeMs());
    }

    @Test
    void offsetAndAtModifiers() {
        VectorSelector vs = (VectorSelector) parse("foo offset -5m @ 123.4567");
        assertEquals(-300_000, vs.offsetMs());
        assertEquals(AtModifier.TIMESTAMP, vs.at());
        assertEquals(123_457, vs.atMs());
        assertEquals("foo @ 123.457 offset -5m", vs.toString());

        MatrixSelector m = (MatrixSelector) parse("foo[5m] @ end() offset 1h");
        assertEquals(AtModifier.END, m.selector().at());
        assertEquals(3_600_000, m.selector().offsetMs());
        assertEquals("foo[5m] @ end() offset 1h", m.toString());

        SubqueryExpr s = (SubqueryExpr) parse("foo[5m:1m] @ start() offset 10s");
        assertEquals(AtModifier.START, s.at());
        assertEquals(10_000, s.offsetMs());
        assertEquals(AtModifier.TIMESTAMP, ((VectorSelector) parse("foo @ -1")).at());
    }

    @Test
    void offsetTakesOneSignedTerm() {
        BinaryExpr pow = (BinaryExpr) parse("foo offset -2 ^ 2");
        assertEquals(-2_000, ((VectorSelector) pow.lhs()).offsetMs());
        BinaryExpr plus = (BinaryExpr) parse("foo offset 100 + 2");
        assertEquals(100_000, ((VectorSelector) plus.lhs()).offsetMs());
        assertEquals(DurationExpr.Op.MUL, ((VectorSelector) parse("foo offset (2 * 2)")).offsetExpr().op());
        assertEquals(5_000, ((VectorSelector) parse("foo offset (5)")).offsetMs());
    }

    @Test
    void durationExpressions() {
        MatrixSelector m = (MatrixSelector) parse("foo[5m * 2]");
        DurationExpr d = m.rangeExpr();
        assertEquals(DurationExpr.Op.MUL, d.op());
        assertEquals(300, ((NumberLiteral) d.lhs()).value());

        VectorSelector vs = (VectorSelector) parse("foo offset (1h + step())");
        assertEquals(DurationExpr.Op.ADD, vs.offsetExpr().op());
        assertTrue(vs.offsetExpr().wrapped());
        assertEquals("foo offset (1h + step())", vs.toString());

        SubqueryExpr s = (SubqueryExpr) parse("foo[1h:max_of(step(), 1m)]");
        assertEquals(3_600_000, s.rangeMs());
        assertEquals(DurationExpr.Op.MAX_OF, s.stepExpr().op());
        assertEquals("foo[1h:max_of(step(), 1m)]", s.toString());
        assertEquals(DurationExpr.Op.RANGE, ((MatrixSelector) parse("foo[range()]")).rangeExpr().op());

        VectorSelector neg = (VectorSelector) parse("foo offset -step()");
        assertEquals(DurationExpr.Op.SUB, neg.offsetExpr().op());
        assertNull(neg.offsetExpr().lhs());
        assertEquals("foo offset -step()", neg.toString());
        assertEquals("2m * (10 + 5)", ((MatrixSelector) parse("foo[2m*(10+5)]")).rangeExpr().toString());
    }

    @Test
    void anchoredAndSmoothed() {
        MatrixSelector m = (MatrixSelector) parse("foo[5m] anchored");
        assertTrue(m.selector().anchored());
        assertFalse(m.selector().smoothed());
        VectorSelector vs = (VectorSelector) parse("foo smoothed");
        assertTrue(vs.smoothed());
        assertEquals("rate(foo[5m] smoothed @ 10.000 offset 1m)", parse("rate(foo[5m] smoothed @ 10 offset 1m)").toString());
    }

    @Test
    void trimOperators() {
        assertEquals(BinaryOp.TRIM_UPPER, ((BinaryExpr) parse("h </ 5")).op());
        assertEquals(BinaryOp.TRIM_LOWER, ((BinaryExpr) parse("h >/ -Inf")).op());
    }

    @Test
    void commentsAndNewlines() {
        Expr e = parse("sum( # total\n  foo # the metric\n)");
        assertEquals("sum(foo)", e.toString());
    }

    @Test
    void parensKeepTheirGrouping() {
        ParenExpr p = (ParenExpr) parse("(1 + 2)");
        assertEquals(new PositionRange(0, 7), p.positionRange());
        assertEquals("(1 + 2) * 3", parse("(1 + 2) * 3").toString());
    }

    @Test
    void metricSelectorParsing() {
        assertEquals(List.of(Matcher.equal("job", "x"), Matcher.equal("__name__", "up")),
                PromqlParser.parseMetricSelector("up{job=\"x\"}"));
        assertEquals(List.of(Matcher.regex("__name__", "a.*")), PromqlParser.parseMetricSelector("{__name__=~\"a.*\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0",
        "5m | 300000",
        "1h30m | 5400000",
        "100ms | 100",
        "1y | 31536000000",
        "2w1d | 1296000000",
    })
    void durations(String text, long ms) {
        assertEquals(ms, PromqlParser.parseDuration(text));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "~~ | empty duration string",
        "1.5h | ~unknown unit \".\" in duration \"1.5h\"~",
        "1m1h | ~not a valid duration string: \"1m1h\"~",
        "5x | ~unknown unit \"x\" in duration \"5x\"~",
        "1000000y | duration out of range",
    })
    void badDurations(String text, String message) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PromqlParser.parseDuration(text == null ? "" : text));
        assertEquals(message, e.getMessage());
    }
}
