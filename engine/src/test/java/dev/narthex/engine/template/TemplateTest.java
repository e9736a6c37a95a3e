package dev.narthex.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The template language itself: control structures, scoping and Go's error texts. */
class TemplateTest {
    private static String run(String text, Object dot) throws TemplateException {
        return Template.parse("t", text, Set.of()).execute(dot, Map.of());
    }

    private static String parseError(String text) {
        return assertThrows(TemplateException.class, () -> Template.parse("t", text, Set.of())).getMessage();
    }

    @Test
    void rangeWithElseAndVariablesScopedToTheirBlock() throws Exception {
        assertEquals("0:a 1:b ", run("{{ range $i, $v := . }}{{ $i }}:{{ $v }} {{ end }}", List.of("a", "b")));
        assertEquals("none", run("{{ range . }}x{{ else }}none{{ end }}", List.of()));
        assertEquals("no", run("{{ with .missing }}yes{{ else }}no{{ end }}", Map.of("k", "v")));
        assertEquals("v", run("{{ with .k }}{{ . }}{{ end }}", Map.of("k", "v")));
        assertEquals("outer", run("{{ $x := \"outer\" }}{{ if true }}{{ $x := \"inner\" }}{{ end }}{{ $x }}", null));
        assertEquals("inner", run("{{ $x := \"outer\" }}{{ if true }}{{ $x = \"inner\" }}{{ end }}{{ $x }}", null));
        assertEquals("012", run("{{ range 3 }}{{ . }}{{ end }}", null));
    }

    @Test
    void missingMapKeysPrintEmptyAndNilPrintsNoValue() throws Exception {
        assertEquals("[]", run("[{{ .nope }}]", Map.of("k", "v")));
        Template.AnyMap m = new Template.AnyMap();
        assertEquals("<no value>", run("{{ .nope }}", m));
    }

    @Test
    void parseErrorsAsGoWordsThem() {
        assertEquals("template: t:1: function \"nosuch\" not defined", parseError("{{ nosuch 1 }}"));
        assertEquals("template: t:2: unclosed action", parseError("a\n{{ .x "));
        assertEquals("template: t:1: unexpected EOF", parseError("{{ if true }}x"));
        assertEquals("template: t:1: unexpected {{end}}", parseError("{{ end }}"));
        assertEquals("template: t:1: undefined variable \"$label\"", parseError("{{ $label.x }}"));
        assertEquals("template: t:1: undefined variable \"$v\"", parseError("{{ range $k, $v := . }}{{ end }}{{ $v }}"));
        assertEquals("template: t:1: undefined variable \"$y\"", parseError("{{ $y = 1 }}"));
    }

    @Test
    void executionErrorsNameLineColumnAndNode() {
        TemplateException e = assertThrows(TemplateException.class, () -> run("line1\n  {{ index . 5 }}", List.of(1L)));
        assertEquals("template: t:2:5: executing \"t\" at <index . 5>: error calling index: index out of range: 5", e.getMessage());
        TemplateException c = assertThrows(TemplateException.class, () -> run("{{ lt 1 2.0 }}", null));
        assertEquals("template: t:1:3: executing \"t\" at <lt 1 2.0>: error calling lt: incompatible types for comparison: int and float64",
                c.getMessage());
    }

    @Test
    void failingQueryIsATemplateError() {
        Expander x = new Expander(0, (q, t) -> {
            throw new IllegalStateException("parse error: bad query");
        }, null);
        TemplateException e = assertThrows(TemplateException.class, () -> x.expand("q", "{{ query \"(\" }}", null));
        assertEquals("error executing template q: template: q:1:3: executing \"q\" at <query \"(\">: error calling query: parse error: bad query",
                e.getMessage());
    }
}
