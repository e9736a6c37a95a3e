package dev.narthex.storage.starttime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import org.junit.jupiter.api.Test;

class StartTimesTest {
    @Test
    void fillsOnlyTheSamplesWithAStartTimeByTimestamp() {
        StartTimes st = new StartTimes();
        st.add(20, 5);
        st.add(40, 35);
        st.add(50, 35);
        SampleBuffer buf = new SampleBuffer(2);
        buf.add(1, 0.5); // a sample read earlier into the same buffer keeps no ST
        for (long t = 10; t <= 50; t += 10) {
            buf.add(t, t);
        }
        st.fill(buf, 1);
        assertTrue(buf.hasStartTimes());
        long[] want = {0, 0, 5, 0, 35, 35};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], buf.startTime(i), "sample " + i);
        }
    }

    @Test
    void fillingSamplesWithoutStartTimesAddsNoColumn() {
        StartTimes st = new StartTimes();
        st.add(100, 1);
        SampleBuffer buf = new SampleBuffer();
        buf.add(10, 1);
        buf.add(20, 2);
        st.fill(buf, 0);
        assertFalse(buf.hasStartTimes());
        assertNull(buf.startTimes());
    }

    @Test
    void olderPairsAreIgnoredAndTheNewestIsReplaced() {
        StartTimes st = new StartTimes();
        assertTrue(st.add(10, 1));
        assertTrue(st.add(20, 2));
        assertFalse(st.add(15, 3));
        assertTrue(st.add(20, 4));
        assertEquals(2, st.size());
        assertEquals(4, st.startTime(1));
    }

    @Test
    void truncationDropsPairsBeforeTheCut() {
        StartTimes st = new StartTimes();
        for (long t = 0; t < 100; t += 10) {
            st.add(t, t - 1);
        }
        st.truncateBefore(45);
        assertEquals(5, st.size());
        assertEquals(50, st.time(0));
        assertEquals(49, st.startTime(0));
    }

    @Test
    void encodingRoundTripsIncludingStartsAfterTheSample() {
        StartTimes st = new StartTimes();
        st.add(-5_000, -65_000);
        st.add(60_000, 60_001); // invalid (ST after the sample) but stored as given
        st.add(120_000, 60_000);
        ByteOutput out = new ByteOutput();
        st.encode(out);
        StartTimes back = StartTimes.decode(new ByteInput(out.array(), 0, out.size()));
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(st.time(i), back.time(i));
            assertEquals(st.startTime(i), back.startTime(i));
        }
    }

    @Test
    void decodingRejectsPairsOutOfOrder() {
        ByteOutput out = new ByteOutput();
        out.writeUvarint(2);
        out.writeVarint(100);
        out.writeVarint(1);
        out.writeVarint(-10);
        out.writeVarint(1);
        assertThrows(StorageException.Corruption.class, () -> StartTimes.decode(new ByteInput(out.array(), 0, out.size())));
    }

    @Test
    void ofCollectsTheNonZeroStartTimesOfABuffer() {
        SampleBuffer buf = new SampleBuffer();
        buf.add(10, 1);
        assertNull(StartTimes.of(buf, 0, 1));
        buf.add(20, 2, 15);
        buf.add(30, 3);
        StartTimes st = StartTimes.of(buf, 0, buf.size());
        assertEquals(1, st.size());
        assertEquals(20, st.time(0));
        assertEquals(15, st.startTime(0));
    }
}
