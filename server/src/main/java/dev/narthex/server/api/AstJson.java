package dev.narthex.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.narthex.promql.ast.AggregateExpr;
import dev.narthex.promql.ast.AtModifier;
import dev.narthex.promql.ast.BinaryExpr;
import dev.narthex.promql.ast.Call;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.MatrixSelector;
import dev.narthex.promql.ast.NumberLiteral;
import dev.narthex.promql.ast.ParenExpr;
import dev.narthex.promql.ast.StringLiteral;
import dev.narthex.promql.ast.SubqueryExpr;
import dev.narthex.promql.ast.UnaryExpr;
import dev.narthex.promql.ast.VectorMatching;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.value.ValueType;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.text.GoFloatFormat;
import java.io.IOException;
import java.util.List;

/**
 * The JSON tree of a parsed expression that {@code /api/v1/parse_query} answers, as Prometheus's
 * {@code translateAST} ({@code web/api/v1/translate_ast.go}). Go marshals those maps with sorted keys, so
 * every object here writes its fields in alphabetical order. Stateless.
 */
final class AstJson {
    private AstJson() {
    }

    static void write(JsonGenerator g, Expr e) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        if (e instanceof AggregateExpr a) {
            g.writeFieldName("expr");
            write(g, a.expr());
            strings(g, "grouping", a.grouping());
            g.writeStringField("op", a.op().keyword());
            g.writeFieldName("param");
            write(g, a.param());
            g.writeStringField("type", "aggregation");
            g.writeBooleanField("without", a.without());
        } else if (e instanceof BinaryExpr b) {
            g.writeBooleanField("bool", b.returnBool());
            g.writeFieldName("lhs");
            write(g, b.lhs());
            g.writeFieldName("matching");
            matching(g, b.matching());
            g.writeStringField("op", b.op().symbol());
            g.writeFieldName("rhs");
            write(g, b.rhs());
            g.writeStringField("type", "binaryExpr");
        } else if (e instanceof Call c) {
            g.writeArrayFieldStart("args");
            for (Expr arg : c.args()) {
                write(g, arg);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("func");
            g.writeArrayFieldStart("argTypes");
            for (ValueType t : c.func().argTypes()) {
                g.writeString(t.apiName());
            }
            g.writeEndArray();
            g.writeStringField("name", c.func().name());
            g.writeStringField("returnType", c.func().returnType().apiName());
            g.writeNumberField("variadic", c.func().variadic());
            g.writeEndObject();
            g.writeStringField("type", "call");
        } else if (e instanceof MatrixSelector m) {
            VectorSelector vs = m.selector();
            matchers(g, vs.matchers());
            g.writeStringField("name", vs.name());
            g.writeNumberField("offset", vs.offsetMs());
            g.writeNumberField("range", m.rangeMs());
            at(g, vs.at(), vs.atMs());
            g.writeStringField("type", "matrixSelector");
        } else if (e instanceof SubqueryExpr s) {
            g.writeFieldName("expr");
            write(g, s.expr());
            g.writeNumberField("offset", s.offsetMs());
            g.writeNumberField("range", s.rangeMs());
            // Go's startOrEnd sorts before step; timestamp after it.
            g.writeFieldName("startOrEnd");
            startOrEnd(g, s.at());
            g.writeNumberField("step", s.stepMs());
            g.writeFieldName("timestamp");
            timestamp(g, s.at(), s.atMs());
            g.writeStringField("type", "subquery");
        } else if (e instanceof NumberLiteral n) {
            g.writeStringField("type", "numberLiteral");
            g.writeStringField("val", GoFloatFormat.formatF(n.value()));
        } else if (e instanceof ParenExpr p) {
            g.writeFieldName("expr");
            write(g, p.expr());
            g.writeStringField("type", "parenExpr");
        } else if (e instanceof StringLiteral s) {
            g.writeStringField("type", "stringLiteral");
            g.writeStringField("val", s.value());
        } else if (e instanceof UnaryExpr u) {
            g.writeFieldName("expr");
            write(g, u.expr());
            g.writeStringField("op", u.op().symbol());
            g.writeStringField("type", "unaryExpr");
        } else if (e instanceof VectorSelector vs) {
            matchers(g, vs.matchers());
            g.writeStringField("name", vs.name());
            g.writeNumberField("offset", vs.offsetMs());
            at(g, vs.at(), vs.atMs());
            g.writeStringField("type", "vectorSelector");
        } else {
            throw new IllegalArgumentException("unsupported node type");
        }
        g.writeEndObject();
    }

    private static void matching(JsonGenerator g, VectorMatching m) throws IOException {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("card", m.card().toString());
        strings(g, "include", m.include());
        strings(g, "labels", m.matchingLabels());
        g.writeBooleanField("on", m.on());
        g.writeEndObject();
    }

    private static void matchers(JsonGenerator g, List<Matcher> matchers) throws IOException {
        g.writeArrayFieldStart("matchers");
        for (Matcher m : matchers) {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeStringField("type", m.type().symbol());
            g.writeStringField("value", m.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The {@code startOrEnd} and {@code timestamp} fields of a selector, adjacent in sorted order. */
    private static void at(JsonGenerator g, AtModifier at, long atMs) throws IOException {
        g.writeFieldName("startOrEnd");
        startOrEnd(g, at);
        g.writeFieldName("timestamp");
        timestamp(g, at, atMs);
    }

    private static void startOrEnd(JsonGenerator g, AtModifier at) throws IOException {
        switch (at) {
            case START -> g.writeString("start");
            case END -> g.writeString("end");
            default -> g.writeNull();
        }
    }

    private static void timestamp(JsonGenerator g, AtModifier at, long atMs) throws IOException {
        if (at == AtModifier.TIMESTAMP) {
            g.writeNumber(atMs);
        } else {
            g.writeNull();
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
