package dev.narthex.server.api;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.storage.text.GoParseFloat;
import dev.narthex.storage.text.GoQuote;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Parameter parsing of Prometheus's {@code web/api/v1/api.go}: times as Unix seconds (fractions rounded to
 * milliseconds) or RFC 3339, durations as float seconds or Prometheus durations, limits. Errors carry
 * Prometheus's texts. Stateless and thread-safe.
 */
public final class ApiParams {
    /** Prometheus's {@code MinTime} (the default start of optional ranges) in milliseconds. */
    public static final long MIN_TIME_MS = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
    /** Prometheus's {@code MaxTime} (the default end of optional ranges) in milliseconds. */
    public static final long MAX_TIME_MS = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;
    static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
    static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private ApiParams() {
    }

    /** Parses a timestamp into milliseconds. */
    public static long parseTime(String s) {
        if (GoParseFloat.isValid(s)) {
            double t = GoParseFloat.parse(s);
            double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
            double frac = t - whole;
            // Go's math.Round: half away from zero, to milliseconds.
            double fracMs = Math.signum(frac) * Math.floor(Math.abs(frac) * 1000 + 0.5);
            long seconds = (long) whole;
            return saturatingAdd(saturatingMul(seconds, 1000), (long) fracMs);
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, RFC3339);
            return t.toEpochSecond() * 1000 + t.getNano() / 1_000_000;
        } catch (DateTimeParseException e) {
            // Not RFC 3339 either: maybe one of the boundary times, which have more than four year digits.
        }
        if (s.equals(MIN_TIME_FORMATTED)) {
            return MIN_TIME_MS;
        }
        if (s.equals(MAX_TIME_FORMATTED)) {
            return MAX_TIME_MS;
        }
        throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid timestamp");
    }

    /** Parses an optional time parameter: {@code def} when empty, errors as {@code parseTimeParam}. */
    public static long timeParam(String name, String value, long def) {
        if (value == null || value.isEmpty()) {
            return def;
        }
        try {
            return parseTime(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, "invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** Parses a duration into nanoseconds (Go's {@code time.Duration}). */
    public static long parseDurationNanos(String s) {
        if (GoParseFloat.isValid(s)) {
            double ns = GoParseFloat.parse(s) * 1e9;
            if (ns > 0x1p63 || ns < -0x1p63) {
                throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration. It overflows int64");
            }
            if (Double.isNaN(ns)) {
                // Go converts NaN to the minimum int64 on amd64: a negative duration.
                return Long.MIN_VALUE;
            }
            return (long) ns;
        }
        try {
            return PromDuration.parseMillis(s) * 1_000_000L;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration");
        }
    }

    /** A duration parameter in nanoseconds, wrapping errors as {@code invalid parameter "NAME"}. */
    public static long durationParam(String name, String value) {
        try {
            return parseDurationNanos(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, e.getMessage());
        }
    }

    /** The {@code limit} parameter: 0 (no limit) when empty, errors as Prometheus's {@code parseLimitParam}. */
    public static int limitParam(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        int limit;
        try {
            limit = GoAtoi.atoi(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam("limit", e.getMessage());
        }
        if (limit < 0) {
            throw ApiException.invalidParam("limit", "limit must be non-negative");
        }
        return limit;
    }

    private static long saturatingMul(long a, long b) {
        long r = a * b;
        if (a != 0 && (r / b != a || (a == -1 && b == Long.MIN_VALUE))) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
