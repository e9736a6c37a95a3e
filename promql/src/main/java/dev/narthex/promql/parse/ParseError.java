package dev.narthex.promql.parse;

import dev.narthex.promql.ast.PositionRange;

/** One parse error: where it is in the query (character offsets) and Prometheus's message. */
public record ParseError(PositionRange positionRange, String message) {
    public ParseError(int start, int end, String message) {
        this(new PositionRange(start, end), message);
    }

    /** {@code line:col: parse error: msg}, as Prometheus's {@code ParseErr.Error()}. */
    public String format(String query) {
        return position(query, positionRange.start()) + ": parse error: " + message;
    }

    /**
     * Prometheus's {@code StartPosInput}: 1-based line and column of an offset. Prometheus counts
     * columns in UTF-8 bytes, so multi-byte characters before the error count as several columns.
     */
    static String position(String query, int pos) {
        if (query.isEmpty()) {
            return "unknown position";
        }
        if (pos < 0 || pos > query.length()) {
            return "invalid position";
        }
        int line = 1;
        int bytes = 0;
        int lastBreak = -1;
        for (int i = 0; i < pos; i++) {
            char c = query.charAt(i);
            if (c == '\n') {
                lastBreak = bytes;
                line++;
            }
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return line + ":" + (bytes - lastBreak);
    }
}
