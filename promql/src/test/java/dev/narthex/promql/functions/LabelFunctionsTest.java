package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** label_replace, label_join and natural sort; upstream functions.test lines cited. */
class LabelFunctionsTest {
    private static String replace(String regex, String repl, String src) {
        Pattern p = LabelFunctions.compileReplaceRegex(regex);
        return LabelFunctions.replace(p, repl, src);
    }

    @Test
    void labelReplaceIsAnchored() {
        // functions.test:456-500
        assertEquals("destination-value-10", replace("source-value-(.*)", "destination-value-$1", "source-value-10"));
        assertNull(replace("value-(.*)", "destination-value-$1", "source-value-10"));
        assertEquals("source-value-10", replace("(.*)-value-(.*)", "$1-value-$2", "source-value-10"));
        assertEquals("value-", replace("(.*)", "value-$1", ""));
        assertNull(replace("non-matching-regex", "value-$1", "source-value-10"));
        assertEquals("", replace(".*", "", "anything"));
        assertNull(LabelFunctions.compileReplaceRegex("(.*"));
        assertEquals("invalid regular expression in label_replace(): (.*", LabelFunctions.invalidRegexMessage("(.*"));
        // (?s): dot matches newlines.
        assertEquals("a\nb", replace("(.*)", "$1", "a\nb"));
    }

    @Test
    void expandFollowsGoTemplateRules() {
        assertEquals("x-", replace("(?P<name>a+)b", "x-$name_", "aab"));
        assertEquals("x-aa_", replace("(?P<name>a+)b", "x-${name}_", "aab"));
        assertEquals("$1", replace("(a)", "$$1", "a"));
        assertEquals("$", replace("(a)", "$", "a"));
        assertEquals("${1", replace("(a)", "${1", "a"));
        assertEquals("a-", replace("(a)", "$1-$2", "a"));
        assertEquals("", replace("(a)", "$01", "a"));
        assertEquals("", replace("(a)|(b)", "$2", "a"));
        assertEquals("a", replace("(a)", "${1}", "a"));
        assertEquals("aa", replace("(a)", "$0$1", "a"));
    }

    @Test
    void labelNamesAndJoin() {
        assertTrue(LabelFunctions.isValidLabelName("dst"));
        assertTrue(LabelFunctions.isValidLabelName("ünïcode.name"));
        assertFalse(LabelFunctions.isValidLabelName(""));
        assertFalse(LabelFunctions.isValidLabelName("\ud800"));
        assertEquals("a,,c", LabelFunctions.join(",", "a", "", "c"));
    }

    @Test
    void naturalOrder() {
        // functions.test:857-880
        List<String> cpus = new ArrayList<>(Arrays.asList("100", "21", "3", "0", "12", "2", "11", "10", "20", "1"));
        cpus.sort(LabelFunctions::compareNatural);
        assertEquals(Arrays.asList("0", "1", "2", "3", "10", "11", "12", "20", "21", "100"), cpus);
        List<String> instances = new ArrayList<>(Arrays.asList("4m1000", "4m600", "4m5"));
        instances.sort(LabelFunctions::compareNatural);
        assertEquals(Arrays.asList("4m5", "4m600", "4m1000"), instances);
        List<String> releases = new ArrayList<>(Arrays.asList("1.111.3", "1.11.3", "1.2.3"));
        releases.sort(LabelFunctions::compareNatural);
        assertEquals(Arrays.asList("1.2.3", "1.11.3", "1.111.3"), releases);
        assertTrue(LabelFunctions.naturalLess("a", "b"));
        assertTrue(LabelFunctions.naturalLess("", "a"));
        assertFalse(LabelFunctions.naturalLess("a", "a"));
        // Leading zeros are skipped when comparing numbers.
        assertFalse(LabelFunctions.naturalLess("007", "7"));
        assertFalse(LabelFunctions.naturalLess("7", "007"));
        assertEquals(0, LabelFunctions.compareNatural("x", "x"));
    }
}
