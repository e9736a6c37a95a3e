package dev.narthex.storage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as Prometheus's model.ParseDuration and model.Duration.String() treat them. */
class PromDurationTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0|0s", "1ms|1|1ms", "15s|15000|15s", "1m|60000|1m", "90s|90000|1m30s", "1h30m|5400000|1h30m",
        "15d|1296000000|15d", "14d|1209600000|2w", "1y|31536000000|1y", "1w|604800000|1w",
        "1d2h3m4s5ms|93784005|1d2h3m4s5ms", "100y|3153600000000|100y", "90d|7776000000|90d",
        "1m30s|90000|1m30s", "1w1d1ms|691200001|8d1ms", "25h|90000000|1d1h", "500ms|500|500ms",
    })
    void parsesAndFormats(String text, long ms, String canonical) {
        assertEquals(ms, PromDuration.parseMillis(text));
        assertEquals(canonical, PromDuration.format(ms));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.5s", "s", "1m1h", "1s1s", "-1s", "1 s", "1h 2m", "1sm", "1s1m", "1ms1s", "١s"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> PromDuration.parseMillis(text));
    }

    @Test
    void errorTextsAsPrometheus() {
        assertEquals("unknown unit \"x\" in duration \"5x\"",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parseMillis("5x")).getMessage());
        assertEquals("not a valid duration string: \"1m1h\"",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parseMillis("1m1h")).getMessage());
        assertEquals("empty duration string",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parseMillis("")).getMessage());
        assertEquals("duration out of range",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parseMillis("300y")).getMessage());
    }

    @Test
    void nanosecondsKeepTheFullRange() {
        assertEquals(90_000_000_000L, PromDuration.parseNanos("1m30s"));
        assertEquals(292L * 365 * 86_400_000_000_000L, PromDuration.parseNanos("292y"));
        assertEquals("duration out of range",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parseNanos("293y")).getMessage());
        assertEquals("not a valid duration string: \"99999999999999999999s\"",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parseNanos("99999999999999999999s")).getMessage());
    }
}
