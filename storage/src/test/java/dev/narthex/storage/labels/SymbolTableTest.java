package dev.narthex.storage.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SymbolTableTest {
    @Test
    void internsEachStringOnceAndReturnsTheSameInstance() {
        SymbolTable t = new SymbolTable();
        int a = t.intern(new String("job"));
        int b = t.intern(new String("job"));
        assertEquals(a, b);
        assertSame(t.get(a), t.get(b));
        assertEquals(-1, t.lookup("nope"));
        for (int i = 0; i < 5000; i++) {
            assertEquals(i + 1, t.intern("v" + i));
        }
        assertEquals("v4999", t.get(5000));
        assertEquals(5001, t.size());
    }
}
