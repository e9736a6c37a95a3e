package dev.narthex.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.promql.parse.PromqlParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildrenTest {
    @Test
    void walksOperandsArgumentsAndSelectors() {
        Expr e = PromqlParser.parseExpr("topk(2, sum by (a) (rate(x[5m]))) / on (a) -(y offset 1m)");
        List<String> seen = new ArrayList<>();
        Children.inspect(e, n -> seen.add(n.getClass().getSimpleName()));
        assertEquals(List.of("BinaryExpr", "AggregateExpr", "AggregateExpr", "Call", "MatrixSelector",
                "VectorSelector", "NumberLiteral", "UnaryExpr", "ParenExpr", "VectorSelector"), seen);
        assertEquals(List.of("x", "y"), Children.selectors(e).stream().map(VectorSelector::name).toList());
    }

    @Test
    void functionsTableMatchesPrometheusSignatures() {
        FunctionDef round = Functions.get("round");
        assertEquals(1, round.minArgs());
        assertEquals(2, round.maxArgs());
        FunctionDef join = Functions.get("label_join");
        assertEquals(3, join.minArgs());
        assertEquals(Integer.MAX_VALUE, join.maxArgs());
        assertEquals(dev.narthex.promql.value.ValueType.STRING, join.argType(7));
        assertEquals(true, Functions.get("info").experimental());
        assertEquals(false, Functions.get("rate").experimental());
        assertEquals(90, Functions.all().size());
        assertEquals(null, Functions.get("RATE"));
    }
}
