package dev.narthex.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleBufferTest {
    @Test
    void startTimeColumnAppearsOnlyWithTheFirstStartTime() {
        SampleBuffer b = new SampleBuffer(1);
        b.add(1, 1.0);
        b.add(2, 2.0, 0);
        assertFalse(b.hasStartTimes());
        assertNull(b.startTimes());
        assertEquals(0, b.startTime(1));
        b.add(3, 3.0, -7);
        assertTrue(b.hasStartTimes());
        assertEquals(0, b.startTime(0));
        assertEquals(0, b.startTime(1));
        assertEquals(-7, b.startTime(2));
        b.add(4, 4.0);
        assertEquals(0, b.startTime(3));
    }

    @Test
    void clearDropsTheColumnAndReuseStartsFromUnknown() {
        SampleBuffer b = new SampleBuffer(4);
        b.add(1, 1.0, 5);
        b.add(2, 2.0, 6);
        b.clear();
        assertFalse(b.hasStartTimes());
        b.add(1, 1.0);
        b.add(2, 2.0);
        b.add(3, 3.0, 9);
        assertEquals(0, b.startTime(0));
        assertEquals(0, b.startTime(1));
        assertEquals(9, b.startTime(2));
    }

    @Test
    void samplesWrittenStraightIntoTheArraysHaveNoStartTime() {
        SampleBuffer b = new SampleBuffer(2);
        b.add(1, 1.0, 5);
        int at = b.reserve(100);
        for (int i = 0; i < 100; i++) {
            b.timestamps()[at + i] = 10 + i;
            b.values()[at + i] = i;
        }
        b.setSize(at + 100);
        assertEquals(5, b.startTime(0));
        for (int i = 1; i <= 100; i++) {
            assertEquals(0, b.startTime(i), "sample " + i);
        }
    }
}
