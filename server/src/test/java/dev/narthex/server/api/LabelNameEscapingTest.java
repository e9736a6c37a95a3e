package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelNameEscapingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "job|job",
        "U__http_2e_status|http.status",
        "U__a__b|a_b",
        "U__smile_1f600_|smile\uD83D\uDE00",
        "U__bad_zz_|U__bad_zz_",
        "U__unterminated_2e|U__unterminated_2e",
        "U__trailing_|U__trailing_",
        "U__toolong_1234567_|U__toolong_1234567_",
        "U__surrogate_d800_|U__surrogate_d800_",
    })
    void unescapes(String in, String out) {
        assertEquals(out, LabelNameEscaping.unescape(in));
    }
}
