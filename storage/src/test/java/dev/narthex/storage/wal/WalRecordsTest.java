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
    static final class Recorder implements WalHandler {
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
    void unknownTypeIsCorruption() {
        assertThrows(StorageException.Corruption.class,
                () -> WalRecords.decode(9, new byte[1], 0, 1, new ByteInput(), new Recorder()));
    }
}
