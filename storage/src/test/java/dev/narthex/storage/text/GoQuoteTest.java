package dev.narthex.storage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Go's strconv.Quote outputs for these inputs. */
class GoQuoteTest {
    @Test
    void quoteEscapesLikeGo() {
        assertEquals("\"http_requests\"", GoQuote.quote("http_requests"));
        assertEquals("\"a\\\"b\\\\c\\n\"", GoQuote.quote("a\"b\\c\n"));
        assertEquals("\"\\x01\"", GoQuote.quote("\u0001"));
        assertEquals("\"ü\"", GoQuote.quote("ü"));
    }

    @Test
    void namedControlEscapesAndNonPrintables() {
        assertEquals("\"\\a\\b\\f\\v\\t\\r\"", GoQuote.quote("\u0007\b\f\u000b\t\r"));
        assertEquals("\"\\x7f\"", GoQuote.quote("\u007f"));
        assertEquals("\"\\u0085\"", GoQuote.quote("\u0085"));
        assertEquals("\"job \\\"a\\\"\"", GoQuote.quote("job \"a\""));
    }

    @Test
    void invalidUtf8AndGoPrintability() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\x00\\x7f\"", GoQuote.quote("a\"b\\c\n\t\u0000\u007f"));
        assertEquals("\"é\u4e16\"", GoQuote.quote("é\u4e16"));
        assertEquals("\"\\u200b\"", GoQuote.quote("\u200b"));
        assertEquals("\"\\xff\"", GoQuote.quote("\udcff"));
    }
}
