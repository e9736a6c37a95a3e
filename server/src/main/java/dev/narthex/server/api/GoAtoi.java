package dev.narthex.server.api;

import dev.narthex.storage.text.GoQuote;

/** Go's {@code strconv.Atoi}, which Prometheus's API uses for integer parameters, with its error texts. */
final class GoAtoi {
    private GoAtoi() {
    }

    /** Go's {@code strconv.Atoi}, with its error text. */
    static int atoi(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        boolean syntax = i < s.length();
        for (int k = i; k < s.length() && syntax; k++) {
            syntax = s.charAt(k) >= '0' && s.charAt(k) <= '9';
        }
        if (!syntax) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + GoQuote.quote(s) + ": invalid syntax");
        }
        try {
            // Go's int is 64-bit; values beyond Java's int are clamped, which no limit here can tell apart.
            long v = Long.parseLong(s);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + GoQuote.quote(s) + ": value out of range");
        }
    }
}
