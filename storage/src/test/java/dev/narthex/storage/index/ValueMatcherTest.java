package dev.narthex.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ValueMatcherTest {
    private static final List<String> VALUES = List.copyOf(new TreeSet<>(List.of(
            "", "a", "a.b", "a|b", "ab", "abc", "b", "ba", "c", "foo", "foo.bar", "foobar", "fo", "xfoo",
            "line\nbreak", "foo\nbar", "ünï", "a\\b", "FOO", "x", "aa", "aba", "host-57", "host-507", "5x7", "a.", "..", "host-1x7", "fooo", "abbc", "ac", "\uD83D\uDE00x", "x\uD83D\uDE00")));

    private static final String[] PATTERNS = {
        "a", "a|b|c", "a|", "|a", "foo.*", "fo.*", ".*", ".+", "a\\.b", "a\\|b", "a\\\\b", "foo.*bar",
        "(a|b)", "a.", "[ab]", "\\d", "", "foo.+", "(?i)foo", "f.*o", "ünï|x", "a\\.b.*",
        ".*5.*7", ".*57", "host-.*7", "a.*a", ".*b.*", ".*.*", "a.*?", "\\..*", "f.*o.*", ".*\\.", "a.*b.*a", ".*\n.*",
        "host-[0-4].*", "ab*c", "ab?c", "ab+c", "fo{2,}", "\uD83D\uDE00*x", "a\\.b?", "host-\\d+", "a$", "^a", "x\uD83D\uDE00?",
    };

    @Test
    void fastPathsAgreeWithTheRegexForEveryValue() {
        for (String p : PATTERNS) {
            for (Matcher.Type type : Matcher.Type.values()) {
                Matcher m = Matcher.of(type, "l", p);
                ValueMatcher vm = ValueMatcher.of(m);
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < VALUES.size(); i++) {
                    assertEquals(m.matches(VALUES.get(i)), vm.matches(VALUES.get(i)), m + " on " + VALUES.get(i));
                    if (m.matches(VALUES.get(i))) {
                        expected.add(i);
                    }
                    assertEquals(!m.matches(VALUES.get(i)), vm.inverse().matches(VALUES.get(i)), "inverse of " + m);
                }
                List<Integer> got = new ArrayList<>();
                vm.forEachMatch(VALUES, got::add);
                got.sort(null);
                assertEquals(expected, got, m.toString());
                assertEquals(m.matches(""), vm.matchesEmpty(), m.toString());
            }
        }
    }

    @Test
    void recognisesLiteralSetsAndPrefixes() {
        assertEquals(List.of("a", "b", "c"), ValueMatcher.of(Matcher.regex("l", "c|a|b")).finiteValues());
        assertEquals(List.of("a|b"), ValueMatcher.of(Matcher.regex("l", "a\\|b")).finiteValues());
        assertEquals(List.of("x"), ValueMatcher.of(Matcher.equal("l", "x")).finiteValues());
        assertEquals("foo", ValueMatcher.of(Matcher.regex("l", "foo.*")).prefix());
        assertEquals("a.b", ValueMatcher.of(Matcher.regex("l", "a\\.b.*")).prefix());
        assertEquals("f", ValueMatcher.of(Matcher.regex("l", "f.o.*")).prefix()); // a regex, with its literal prefix
        assertEquals("host-", ValueMatcher.of(Matcher.regex("l", "host-.*7")).prefix());
        assertEquals(List.of("", "5", "7"), List.of(ValueMatcher.globParts(".*5.*7")));
        assertNull(ValueMatcher.globParts("a.*?"));
        assertNull(ValueMatcher.globParts("a|b.*"));
        assertEquals("host-", ValueMatcher.of(Matcher.regex("l", "host-[0-4]\\d*7")).prefix());
        assertEquals("a", ValueMatcher.regexPrefix("ab*c"));
        assertEquals("ab", ValueMatcher.regexPrefix("ab+c"));
        assertEquals("", ValueMatcher.regexPrefix("a(b|c)"));
        assertEquals("x", ValueMatcher.regexPrefix("x\uD83D\uDE00?"));
        assertNull(ValueMatcher.of(Matcher.regex("l", "(a|b)")).finiteValues());
        assertNull(ValueMatcher.of(Matcher.notRegex("l", "a|b")).finiteValues());
        assertTrue(ValueMatcher.of(Matcher.regex("l", ".*")).matchesEverything());
        assertFalse(ValueMatcher.of(Matcher.notRegex("l", ".*")).matchesEverything());
    }

    @Test
    void literalFastPathsRecognizeOnlyPlainLiterals() {
        assertEquals(List.of("a", "bc", ""), ValueMatcher.literalAlternatives("a|bc|"));
        assertNull(ValueMatcher.literalAlternatives("a.|b"));
        assertEquals(List.of("a|b"), ValueMatcher.literalAlternatives("a\\|b"), "an escaped bar is a literal");
        assertEquals("host-0", ValueMatcher.regexPrefix("host-0[0-4]\\d*7"));
        assertEquals("ab", ValueMatcher.regexPrefix("abc?d"));
        assertEquals("abc", ValueMatcher.regexPrefix("abc+"));
        assertEquals("", ValueMatcher.regexPrefix("ab(c|d)|x"));
        assertEquals("", ValueMatcher.regexPrefix("(?i)abc"));
    }
}
