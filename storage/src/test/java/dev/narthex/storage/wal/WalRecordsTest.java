package dev.narthex.storage.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalRecordsTest {
    /** Records every callback as text, in order. */
    static class Recorder implements WalHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void series(long ref, Labels labels) {
            events.add("series " + ref + " " + labels);
        }

        @Override
        public void sample(long ref, long t, long valueBits) {
            events.add("sample " + ref + " " + t + " " + Long.toHexString(valueBits));
        }

        @Override
        public void tombstone(long ref, long mint, long maxt) {
            events.add("tombstone " + ref + " " + mint + " " + maxt);
        }
    }

    @Test
    void framedRecordsDecodeToWhatWasWritten() {
        WalRecords rec = new WalRecords(new ByteOutput());
        rec.beginRecord(WalRecords.SERIES);
        rec.series(1, Labels.of("__name__", "up", "job", "ä\"x"));
        rec.series(300, Labels.of("a", "b"));
        rec.endRecord();
        rec.beginRecord(WalRecords.SAMPLES);
        rec.sample(300, -5, StaleNaN.BITS);
        rec.sample(1, Long.MAX_VALUE, 0);
        rec.sample(1, Long.MIN_VALUE, -1L);
        rec.endRecord();
        rec.beginRecord(WalRecords.SAMPLES);
        rec.endRecord(); // empty: dropped
        rec.beginRecord(WalRecords.TOMBSTONES);
        rec.tombstone(1, -10, 20);
        rec.endRecord();

        Recorder r = new Recorder();
        byte[] buf = rec.buffer().toByteArray();
        ByteInput in = new ByteInput();
        int pos = 0;
        int records = 0;
        while (pos < buf.length) {
            int len = WalRecords.getIntLE(buf, pos + 1);
            WalRecords.decode(buf[pos], buf, pos + WalRecords.HEADER_SIZE, len, in, r);
            pos += WalRecords.HEADER_SIZE + len;
            records++;
        }
        assertEquals(3, records);
        assertEquals(List.of(
                "series 1 up{job=\"ä\\\"x\"}", "series 300 {a=\"b\"}",
                "sample 300 -5 7ff0000000000002", "sample 1 9223372036854775807 0", "sample 1 -9223372036854775808 ffffffffffffffff",
                "tombstone 1 -10 20"), r.events);
    }

    @Test
    void startTimeRecordsDecodeToWhatWasWrittenAndHandlersWithoutStartTimesIgnoreThem() {
        WalRecords rec = new WalRecords(new ByteOutput());
        rec.beginRecord(WalRecords.START_TIMES);
        rec.startTime(7, 120_000, 60_000);
        rec.startTime(3, 120_000, 120_001);
        rec.startTime(7, 180_000, -1);
        rec.endRecord();
        byte[] buf = rec.buffer().toByteArray();
        assertEquals(WalRecords.START_TIMES, buf[0]);
        int len = WalRecords.getIntLE(buf, 1);
        List<String> seen = new ArrayList<>();
        Recorder r = new Recorder() {
            @Override
            public void startTime(long ref, long t, long startTime) {
                seen.add("st " + ref + " " + t + " " + startTime);
            }
        };
        WalRecords.decode(buf[0], buf, WalRecords.HEADER_SIZE, len, new ByteInput(), r);
        assertEquals(List.of("st 7 120000 60000", "st 3 120000 120001", "st 7 180000 -1"), seen);
        Recorder plain = new Recorder();
        WalRecords.decode(buf[0], buf, WalRecords.HEADER_SIZE, len, new ByteInput(), plain);
        assertEquals(List.of(), plain.events);
    }

    @Test
    void unknownTypeIsCorruption() {
        assertThrows(StorageException.Corruption.class,
                () -> WalRecords.decode(9, new byte[1], 0, 1, new ByteInput(), new Recorder()));
    }
}
