package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TimestampColumnsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sharesAColumnFromItsSecondOccurrenceAndRemembersWhereTheFirstLies() {
        TimestampColumns c = new TimestampColumns(1 << 20);
        byte[] frame = bytes("xxAAAAyyBBBBzzAAAA");
        assertEquals(-1, c.find(frame, 2, 4, 0));  // AAAA first seen in frame 0 at 2
        assertEquals(-1, c.find(frame, 8, 4, 0));  // BBBB
        assertEquals(-1, c.find(frame, 2, 3, 0));  // AAA: a prefix is a different column
        assertEquals(0, c.sharedCount());
        assertEquals(0, c.find(frame, 14, 4, 3));  // AAAA again: becomes shared column 0
        assertEquals(0, c.find(bytes("AAAA"), 0, 4, 7));
        assertEquals(1, c.find(bytes("--BBBB"), 2, 4, 9));
        assertEquals(2, c.sharedCount());
        assertEquals(0, c.frame(0));
        assertEquals(2, c.offset(0));
        assertEquals(4, c.length(0));
        assertEquals(8, c.offset(1));
        assertEquals(0, c.find(frame, 2, 4, 0));
    }

    @Test
    void remembersNoMoreBytesThanItsLimit() {
        TimestampColumns c = new TimestampColumns(8);
        assertEquals(-1, c.find(bytes("AAAAA"), 0, 5, 0));
        assertEquals(-1, c.find(bytes("BBBBB"), 0, 5, 0)); // 10 bytes would exceed 8: not remembered
        assertEquals(-1, c.find(bytes("BBBBB"), 0, 5, 1));
        assertEquals(-1, c.find(bytes("CCC"), 0, 3, 1));   // 8 bytes: still fits
        assertEquals(0, c.find(bytes("AAAAA"), 0, 5, 2));
        assertEquals(1, c.find(bytes("CCC"), 0, 3, 2));
        assertEquals(2, c.sharedCount());
    }

    @Test
    void manyDistinctColumnsStayApart() {
        TimestampColumns c = new TimestampColumns(1 << 20);
        for (int i = 0; i < 5000; i++) {
            assertEquals(-1, c.find(bytes("col" + i), 0, ("col" + i).length(), i));
        }
        for (int i = 4999; i >= 0; i--) {
            String s = "col" + i;
            assertEquals(4999 - i, c.find(bytes(s), 0, s.length(), 0));
            assertEquals(i, c.frame(4999 - i));
        }
    }
}
