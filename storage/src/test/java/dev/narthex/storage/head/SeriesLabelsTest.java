package dev.narthex.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.labels.SymbolTable;
import org.junit.jupiter.api.Test;

class SeriesLabelsTest {
    @Test
    void symbolIdsOfEveryVarintWidthRoundTrip() {
        SymbolTable symbols = new SymbolTable();
        for (int i = 0; i < 20_000; i++) { // pushes later ids past one and two varint bytes
            symbols.intern("filler" + i);
        }
        Labels labels = Labels.of("__name__", "filler5", "a", "filler200", "b", "x", "c", "filler19999");
        byte[] packed = SeriesLabels.encode(labels, symbols);
        // filler5, filler200 and filler19999 take 1, 2 and 3 bytes; the 5 new symbols (ids >= 20000) 3 each
        assertEquals(1 + 2 + 3 + 5 * 3, packed.length);
        Labels back = SeriesLabels.decode(packed, symbols);
        assertEquals(labels, back);
        assertTrue(SeriesLabels.matches(packed, labels, symbols));
    }

    @Test
    void matchesRejectsPrefixesExtensionsAndOtherValues() {
        SymbolTable symbols = new SymbolTable();
        byte[] packed = SeriesLabels.encode(Labels.of("a", "1", "b", "2"), symbols);
        assertFalse(SeriesLabels.matches(packed, Labels.of("a", "1"), symbols));
        assertFalse(SeriesLabels.matches(packed, Labels.of("a", "1", "b", "2", "c", "3"), symbols));
        assertFalse(SeriesLabels.matches(packed, Labels.of("a", "1", "b", "3"), symbols));
        assertTrue(SeriesLabels.matches(packed, Labels.of("b", "2", "a", "1"), symbols));
        assertEquals(Labels.EMPTY, SeriesLabels.decode(SeriesLabels.encode(Labels.EMPTY, symbols), symbols));
    }

    @Test
    void encodingLeavesTheLabelsHoldingTheInternedStrings() {
        SymbolTable symbols = new SymbolTable();
        SeriesLabels.encode(Labels.of("__name__", "up", "job", "node"), symbols);
        Labels second = Labels.of(new String("__name__"), new String("up"), new String("job"), new String("node"));
        byte[] packed = SeriesLabels.encode(second, symbols);
        Labels decoded = SeriesLabels.decode(packed, symbols);
        for (int i = 0; i < second.size(); i++) {
            assertSame(decoded.name(i), second.name(i));
            assertSame(decoded.value(i), second.value(i));
        }
    }
}
