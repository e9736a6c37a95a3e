package dev.narthex.scraper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoFloatTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "+1.5", ".5", "5.", "1e3", "1E-3", "0.1", "123456789012345",
        "1234567890123456789", "0.30000000000000004", "1700000000.644", "4.9351e-05", "1e308", "1e-320",
        "2.2250738585072014e-308", "000123.4500", "9007199254740993"})
    void decimalsMatchJava(String s) {
        GoFloat f = new GoFloat();
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        double v = f.parse(b, 0, b.length);
        assertEquals(GoFloat.OK, f.status);
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(v), s);
    }

    @ParameterizedTest
    @CsvSource({"Inf,OK", "+inf,OK", "-Infinity,OK", "NaN,OK", "nan,OK", "+NaN,SYNTAX", "infin,SYNTAX",
        "1e,SYNTAX", ".,SYNTAX", "0x10,SYNTAX", "1.5f,SYNTAX", "' 1',SYNTAX", "1e400,RANGE", "1_000,UNSUPPORTED",
        "0x1p3,UNSUPPORTED"})
    void specialsAndErrorsFollowGo(String s, String status) {
        GoFloat f = new GoFloat();
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        f.parse(b, 0, b.length);
        int expected = switch (status) {
            case "OK" -> GoFloat.OK;
            case "SYNTAX" -> GoFloat.SYNTAX;
            case "RANGE" -> GoFloat.RANGE;
            default -> GoFloat.UNSUPPORTED;
        };
        assertEquals(expected, f.status, s);
    }
}
