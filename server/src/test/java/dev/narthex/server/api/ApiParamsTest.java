package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiParamsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1700000000|1700000000000",
        "1700000000.123|1700000000123",
        "1700000000.1234|1700000000123",
        "1700000000.1235|1700000000124",
        "1.7e9|1700000000000",
        "0|0",
        "-1.5|-1500",
        "+5|5000",
        "2023-11-14T22:13:20Z|1700000000000",
        "2023-11-14T22:13:20.5Z|1700000000500",
        "2023-11-14T23:13:20.123456789+01:00|1700000000123",
    })
    void times(String in, long expectedMs) {
        assertEquals(expectedMs, ApiParams.parseTime(in));
    }

    @Test
    void boundaryTimesMatchPrometheus() {
        assertEquals(-9223309901257974000L, ApiParams.MIN_TIME_MS);
        assertEquals(9223309901257974999L, ApiParams.MAX_TIME_MS);
        assertEquals(ApiParams.MIN_TIME_MS, ApiParams.parseTime("-292273086-05-16T16:47:06Z"));
        assertEquals(ApiParams.MAX_TIME_MS, ApiParams.parseTime("292277025-08-18T07:12:54.999999999Z"));
        // The formatted texts are the RFC 3339 rendering of those instants.
        assertEquals(ApiParams.MIN_TIME_FORMATTED, Instant.ofEpochSecond(-9223309901257974L).toString());
        assertEquals(ApiParams.MAX_TIME_FORMATTED,
                Instant.ofEpochSecond(9223309901257974L, 999_999_999).toString().substring(1));
    }

    @Test
    void badTimes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiParams.parseTime("yesterday"));
        assertEquals("cannot parse \"yesterday\" to a valid timestamp", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiParams.parseTime("1e400"));
        assertThrows(IllegalArgumentException.class, () -> ApiParams.parseTime("12abc"));
        assertThrows(IllegalArgumentException.class, () -> ApiParams.parseTime(""));
        ApiException api = assertThrows(ApiException.class, () -> ApiParams.timeParam("time", "x", 0));
        assertEquals("invalid parameter \"time\": invalid time value for 'time': cannot parse \"x\" to a valid timestamp",
                api.getMessage());
        assertEquals(400, api.httpStatus());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "15|15000000000",
        "0.5|500000000",
        "1h30m|5400000000000",
        "5m|300000000000",
        "1ms|1000000",
        "-10|-10000000000",
        "0|0",
    })
    void durations(String in, long nanos) {
        assertEquals(nanos, ApiParams.parseDurationNanos(in));
    }

    @Test
    void badDurations() {
        assertEquals("cannot parse \"1x\" to a valid duration",
                assertThrows(IllegalArgumentException.class, () -> ApiParams.parseDurationNanos("1x")).getMessage());
        assertEquals("cannot parse \"1e300\" to a valid duration. It overflows int64",
                assertThrows(IllegalArgumentException.class, () -> ApiParams.parseDurationNanos("1e300")).getMessage());
        assertEquals("invalid parameter \"step\": cannot parse \"\" to a valid duration",
                assertThrows(ApiException.class, () -> ApiParams.durationParam("step", "")).getMessage());
    }

    @Test
    void limits() {
        assertEquals(0, ApiParams.limitParam(""));
        assertEquals(5, ApiParams.limitParam("5"));
        assertEquals("invalid parameter \"limit\": limit must be non-negative",
                assertThrows(ApiException.class, () -> ApiParams.limitParam("-1")).getMessage());
        assertEquals("invalid parameter \"limit\": strconv.Atoi: parsing \"abc\": invalid syntax",
                assertThrows(ApiException.class, () -> ApiParams.limitParam("abc")).getMessage());
    }
}
