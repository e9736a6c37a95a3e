package dev.narthex.storage.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelabelerTest {
    private static Labels run(Labels in, RelabelConfig.Builder... rules) {
        return Relabeler.process(in, java.util.Arrays.stream(rules).map(RelabelConfig.Builder::build).toList());
    }

    private static RelabelConfig.Builder rule(Action a) {
        return RelabelConfig.builder().action(a);
    }

    @Test
    void replaceWithGroupsAndSeparator() {
        Labels in = Labels.of("a", "foo", "b", "bar", "c", "baz");
        Labels out = run(in, rule(Action.REPLACE).sourceLabels("a", "b").regex("f(.*);(.*)r").targetLabel("d").replacement("ch${1}-ch${2}"));
        assertEquals(Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-chba"), out);
    }

    @Test
    void replaceWithoutMatchLeavesLabels() {
        Labels in = Labels.of("a", "foo");
        assertEquals(in, run(in, rule(Action.REPLACE).sourceLabels("a").regex("x(.*)").targetLabel("d")));
    }

    @Test
    void replaceToEmptyDeletesTarget() {
        Labels in = Labels.of("a", "foo", "d", "old");
        assertEquals(Labels.of("a", "foo"), run(in, rule(Action.REPLACE).sourceLabels("a").regex("foo").targetLabel("d").replacement("")));
    }

    @Test
    void replaceDefaultsCopyAndLiteralOnEmptySource() {
        Labels in = Labels.of("a", "foo");
        assertEquals(Labels.of("a", "foo", "b", "foo"), run(in, rule(Action.REPLACE).sourceLabels("a").targetLabel("b")));
        assertEquals(Labels.of("a", "foo", "b", "lit"), run(in, rule(Action.REPLACE).sourceLabels("missing").targetLabel("b").replacement("lit")));
    }

    @Test
    void goTemplateNamesTakeTheLongestRun() {
        Labels in = Labels.of("a", "foo");
        // "$1_x" names group "1_x", which does not exist: Go expands it to nothing, so the label is deleted.
        assertEquals(Labels.of("a", "foo"), run(in, rule(Action.REPLACE).sourceLabels("a").regex("(f)oo").targetLabel("b").replacement("$1_x")));
        assertEquals(Labels.of("a", "foo", "b", "f_x"), run(in, rule(Action.REPLACE).sourceLabels("a").regex("(f)oo").targetLabel("b").replacement("${1}_x")));
        assertEquals(Labels.of("a", "foo", "b", "o-$"), run(in, rule(Action.REPLACE).sourceLabels("a").regex("f(?P<rest>o)o").targetLabel("b").replacement("$rest-$$")));
    }

    @Test
    void targetLabelFromTemplate() {
        Labels in = Labels.of("a", "some-name-value");
        assertEquals(Labels.of("a", "some-name-value", "name", "value"),
                run(in, rule(Action.REPLACE).sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${1}").replacement("${2}")));
        // A template that expands to an empty name is skipped.
        assertEquals(in, run(in, rule(Action.REPLACE).sourceLabels("a").regex("(f).*").targetLabel("$2").replacement("x")));
    }

    @Test
    void keepAndDrop() {
        Labels in = Labels.of("a", "foo");
        assertNull(run(in, rule(Action.DROP).sourceLabels("a").regex("f.*")));
        assertEquals(in, run(in, rule(Action.DROP).sourceLabels("a").regex("f")));
        assertEquals(in, run(in, rule(Action.KEEP).sourceLabels("a").regex("f.*")));
        assertNull(run(in, rule(Action.KEEP).sourceLabels("a").regex("f")));
        // Regexes are anchored and '.' matches newlines.
        assertEquals(Labels.of("a", "foo\nbar"), run(Labels.of("a", "foo\nbar"), rule(Action.KEEP).sourceLabels("a").regex("foo.bar")));
    }

    @Test
    void keepEqualAndDropEqual() {
        Labels eq = Labels.of("a", "1", "b", "1");
        Labels ne = Labels.of("a", "1", "b", "2");
        assertEquals(eq, run(eq, rule(Action.KEEPEQUAL).sourceLabels("a").targetLabel("b")));
        assertNull(run(ne, rule(Action.KEEPEQUAL).sourceLabels("a").targetLabel("b")));
        assertNull(run(eq, rule(Action.DROPEQUAL).sourceLabels("a").targetLabel("b")));
        assertEquals(ne, run(ne, rule(Action.DROPEQUAL).sourceLabels("a").targetLabel("b")));
    }

    @Test
    void hashmodMatchesPrometheus() {
        // Expectations from Prometheus's relabel_test.go: md5("baz") % 1000 = 976, md5("foo\nbar") % 1000 = 734.
        assertEquals(Labels.of("c", "baz", "d", "976"), run(Labels.of("c", "baz"), rule(Action.HASHMOD).sourceLabels("c").targetLabel("d").modulus(1000)));
        assertEquals(Labels.of("a", "foo\nbar", "b", "734"), run(Labels.of("a", "foo\nbar"), rule(Action.HASHMOD).sourceLabels("a").targetLabel("b").modulus(1000)));
        // Unsigned arithmetic: the modulus is a uint64.
        assertEquals(Long.remainderUnsigned(Relabeler.hashMod("baz", -1L), -1L), Relabeler.hashMod("baz", -1L));
    }

    @Test
    void labelmapDropKeep() {
        Labels in = Labels.of("__meta_kubernetes_pod_label_app", "web", "__meta_other", "x", "job", "j");
        assertEquals(Labels.of("__meta_kubernetes_pod_label_app", "web", "__meta_other", "x", "app", "web", "job", "j"),
                run(in, rule(Action.LABELMAP).regex("__meta_kubernetes_pod_label_(.+)")));
        assertEquals(Labels.of("job", "j"), run(in, rule(Action.LABELDROP).regex("__meta_.*")));
        assertEquals(Labels.of("__meta_other", "x"), run(in, rule(Action.LABELKEEP).regex("__meta_o.*")));
    }

    @Test
    void lowercaseUppercase() {
        Labels in = Labels.of("a", "FoO", "b", "bAr");
        assertEquals(Labels.of("a", "FoO", "b", "bAr", "l", "foo;bar"), run(in, rule(Action.LOWERCASE).sourceLabels("a", "b").targetLabel("l")));
        assertEquals(Labels.of("a", "FoO", "b", "bAr", "u", "FOO"), run(in, rule(Action.UPPERCASE).sourceLabels("a").targetLabel("u")));
    }

    @Test
    void rulesApplyInOrder() {
        Labels in = Labels.of("a", "foo");
        Labels out = Relabeler.process(in, List.of(
                RelabelConfig.builder().sourceLabels("a").targetLabel("b").build(),
                RelabelConfig.builder().action(Action.DROP).sourceLabels("b").regex("bar").build(),
                RelabelConfig.builder().action(Action.LABELDROP).regex("a").build()));
        assertEquals(Labels.of("b", "foo"), out);
    }

    @Test
    void validationMessages() {
        assertEquals("relabel configuration for hashmod requires non-zero modulus",
                assertThrows(IllegalArgumentException.class, () -> rule(Action.HASHMOD).targetLabel("x").build()).getMessage());
        assertEquals("relabel configuration for replace action requires 'target_label' value",
                assertThrows(IllegalArgumentException.class, () -> rule(Action.REPLACE).build()).getMessage());
        assertEquals("'replacement' can not be set for lowercase action",
                assertThrows(IllegalArgumentException.class, () -> rule(Action.LOWERCASE).targetLabel("x").replacement("y").build()).getMessage());
        assertEquals("labeldrop action requires only 'regex', and no other fields",
                assertThrows(IllegalArgumentException.class, () -> rule(Action.LABELDROP).sourceLabels("a").build()).getMessage());
        assertEquals("keepequal action requires only 'source_labels' and `target_label`, and no other fields",
                assertThrows(IllegalArgumentException.class, () -> rule(Action.KEEPEQUAL).targetLabel("a").regex("x").build()).getMessage());
        assertEquals("unknown relabel action \"frob\"", assertThrows(IllegalArgumentException.class, () -> Action.parse("frob")).getMessage());
        assertEquals(Action.LABELMAP, Action.parse("LabelMap"));
    }
}
