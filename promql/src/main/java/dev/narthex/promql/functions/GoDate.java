package dev.narthex.promql.functions;

/**
 * The calendar fields of {@code time.Unix(int64(v), 0).UTC()} as Go computes them, for the PromQL
 * date functions. Go keeps times as unsigned seconds since March 1 of the year -292277022400 and
 * converts with wrapping arithmetic, so even NaN and ±Inf inputs (which amd64 converts to
 * {@code math.MinInt64}) give the same, if meaningless, dates as Prometheus. Stateless.
 */
public final class GoDate {
    private static final long SECONDS_PER_DAY = 86400;
    private static final long ABSOLUTE_YEARS = 292277022400L;
    private static final long MARCH_THRU_DECEMBER = 306;
    private static final long UNIX_TO_INTERNAL = (1969L * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400) * SECONDS_PER_DAY;
    private static final long ABSOLUTE_TO_INTERNAL =
            -((ABSOLUTE_YEARS * 365 + ABSOLUTE_YEARS / 400 * 97 + MARCH_THRU_DECEMBER) * SECONDS_PER_DAY);
    private static final long UNIX_TO_ABSOLUTE = UNIX_TO_INTERNAL - ABSOLUTE_TO_INTERNAL;

    /** Which calendar field to compute. */
    public enum Field {
        MINUTE, HOUR, DAY_OF_WEEK, DAY_OF_MONTH, DAY_OF_YEAR, DAYS_IN_MONTH, MONTH, YEAR
    }

    private GoDate() {
    }

    /** The field for a sample value holding Unix seconds (the fraction is dropped as Go does). */
    public static double ofValue(Field field, double unixSeconds) {
        return ofUnixSeconds(field, GoMath.toInt64(unixSeconds));
    }

    /** The field for the evaluation time given in milliseconds (the argument-less form). */
    public static double ofMillis(Field field, long millis) {
        return ofUnixSeconds(field, millis / 1000);
    }

    public static double ofUnixSeconds(Field field, long unixSeconds) {
        long abs = unixSeconds + UNIX_TO_ABSOLUTE; // wraps like Go's uint64 conversion
        switch (field) {
            case MINUTE:
                return Long.remainderUnsigned(abs, 3600) / 60;
            case HOUR:
                return Long.remainderUnsigned(abs, SECONDS_PER_DAY) / 3600;
            default:
                break;
        }
        long days = Long.divideUnsigned(abs, SECONDS_PER_DAY);
        if (field == Field.DAY_OF_WEEK) {
            // March 1 of the absolute year was a Wednesday.
            return Long.remainderUnsigned(days + 3, 7);
        }
        long d = 4 * days + 3;
        long century = Long.divideUnsigned(d, 146097);
        long cdays = Long.remainderUnsigned(d, 146097) / 4;
        long cd = 4 * cdays + 3;
        long cyear = cd / 1461;
        long ayday = cd % 1461 / 4;
        long amonth = (5 * ayday + 461) / 153;
        long mday = (5 * ayday + 461) % 153 / 5;
        int janFeb = ayday >= MARCH_THRU_DECEMBER ? 1 : 0;
        long month = amonth - janFeb * 12L;
        long year = century * 100 + cyear + janFeb - ABSOLUTE_YEARS;
        // Leap status of the calendar year in which this March-based year starts.
        boolean leap = (cyear % 4 == 0) && (cyear != 0 || century % 4 == 0);
        switch (field) {
            case DAY_OF_MONTH:
                return 1 + mday;
            case DAY_OF_YEAR:
                return 1 + ayday + 31 + 28 + ((leap && janFeb == 0) ? 1 : 0) - 365L * janFeb;
            case MONTH:
                return month;
            case YEAR:
                return year;
            case DAYS_IN_MONTH:
                return daysIn((int) month, isLeapYear(year));
            default:
                throw new IllegalArgumentException(field.name());
        }
    }

    private static boolean isLeapYear(long year) {
        return Math.floorMod(year, 4) == 0 && (Math.floorMod(year, 100) != 0 || Math.floorMod(year, 400) == 0);
    }

    private static int daysIn(int month, boolean leap) {
        switch (month) {
            case 2:
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }
}
