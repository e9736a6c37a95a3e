package dev.narthex.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void staleMarkersMoveToTheStaleTimesAndTheRestCloseUp() {
        SampleBuffer b = new SampleBuffer(2);
        b.add(1, 10);
        b.add(2, StaleNaN.VALUE, 7);
        b.add(3, 30);
        b.add(4, StaleNaN.VALUE);
        b.add(5, 50);
        b.moveStaleMarkers(1);
        assertEquals(3, b.size());
        assertEquals(1, b.timestamp(0));
        assertEquals(3, b.timestamp(1));
        assertEquals(30.0, b.value(1));
        assertEquals(5, b.timestamp(2));
        assertEquals(2, b.staleCount());
        assertEquals(2, b.staleTimes()[0]);
        assertEquals(4, b.staleTimes()[1]);
        assertFalse(b.hasStartTimes());
        b.truncateStaleTimes(1);
        assertEquals(1, b.staleCount());
        assertThrows(IllegalArgumentException.class, () -> b.truncateStaleTimes(2));
        for (int t = 0; t < 20; t++) {
            b.addStaleTime(100 + t);
        }
        assertEquals(21, b.staleCount());
        assertEquals(119, b.staleTimes()[20]);
        b.clear();
        assertEquals(0, b.staleCount());
    }
}
