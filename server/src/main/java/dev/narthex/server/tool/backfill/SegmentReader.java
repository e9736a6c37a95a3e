package dev.narthex.server.tool.backfill;

import dev.narthex.scraper.parse.Entry;
import dev.narthex.scraper.parse.MetricType;
import dev.narthex.scraper.parse.OpenMetricsParser;
import dev.narthex.scraper.parse.ParseException;
import dev.narthex.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses one segment of an OpenMetrics file (a byte range starting at a line start and ending after a
 * newline, or at the end of the file) in chunks, into {@link SegmentSeries}. Line numbers are local to
 * the segment; the caller adds the lines of the segments before. A failure is recorded, not thrown, so
 * that the earliest failure in the file can be reported. Runs on its own thread.
 */
final class SegmentReader {
    private static final int CHUNK_BYTES = 16 << 20;

    private final Path file;
    private final long from;
    private final long to;
    private final boolean last;
    private final AtomicLong bytesRead;
    private final AtomicLong samplesRead;

    final SegmentSeries series = new SegmentSeries();
    /** Newlines in the segment (valid when it was read without failure). */
    int lines;
    /** The last TYPE seen in the segment, or null when it had none. */
    MetricType finalType;
    /** Whether the segment ended with "# EOF". */
    boolean sawEof;
    /** Line (local) and text of the failure, or 0 and null. */
    int errorLine;
    String error;
    boolean errorIsParse;

    SegmentReader(Path file, long from, long to, boolean last, AtomicLong bytesRead, AtomicLong samplesRead) {
        this.file = file;
        this.from = from;
        this.to = to;
        this.last = last;
        this.bytesRead = bytesRead;
        this.samplesRead = samplesRead;
    }

    void run() throws IOException {
        OpenMetricsParser parser = new OpenMetricsParser();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buf = new byte[(int) Math.min(CHUNK_BYTES, Math.max(to - from, 16))];
            long pos = from;
            int filled = 0;
            boolean first = true;
            boolean end = false;
            while (!end) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int want = (int) Math.min(buf.length - filled, to - pos);
                int n = want == 0 ? -1 : ch.read(ByteBuffer.wrap(buf, filled, want), pos);
                if (n < 0) {
                    end = true;
                } else {
                    filled += n;
                    pos += n;
                    bytesRead.addAndGet(n);
                }
                int chunkEnd = end ? filled : lastNewline(buf, filled) + 1;
                if (chunkEnd == 0 && !end) {
                    continue;
                }
                boolean lastChunk = end && last;
                if (first) {
                    parser.startChunked(buf, 0, chunkEnd, lastChunk);
                    first = false;
                } else {
                    parser.continueWith(buf, 0, chunkEnd, lastChunk);
                }
                if (!parseChunk(parser)) {
                    return;
                }
                System.arraycopy(buf, chunkEnd, buf, 0, filled - chunkEnd);
                filled -= chunkEnd;
            }
            lines = parser.line() - 1;
        } catch (ParseException e) {
            fail(e.line(), e.reason(), true);
        }
    }

    /** Parses one chunk; false when the segment failed. */
    private boolean parseChunk(OpenMetricsParser p) throws ParseException {
        int prev = -1;
        long count = 0;
        try {
            while (true) {
                Entry e = p.next();
                if (e == Entry.END_OF_CHUNK) {
                    return true;
                }
                if (e == Entry.EOF) {
                    sawEof = true;
                    return true;
                }
                if (e == Entry.TYPE) {
                    finalType = p.type();
                    continue;
                }
                if (e != Entry.SERIES) {
                    continue;
                }
                if (!p.hasTimestamp()) {
                    fail(p.line(), "expected timestamp for series " + p.labels() + ", got none", false);
                    return false;
                }
                int s = prev;
                if (prev < 0 || !p.repeatsPreviousSeries()) {
                    byte[] b = p.buffer();
                    int a = p.seriesStart();
                    int z = p.seriesEnd();
                    int h = hash(b, a, z);
                    s = series.find(b, a, z, h);
                    if (s < 0) {
                        s = series.add(b, a, z, h, finalType, p.line());
                    }
                    prev = s;
                }
                try {
                    series.append(s, p.timestamp(), p.value());
                } catch (StorageException ex) {
                    fail(p.line(), ex.getMessage() + " for series " + p.labels(), false);
                    return false;
                }
                count++;
            }
        } finally {
            samplesRead.addAndGet(count);
        }
    }

    private void fail(int line, String text, boolean parse) {
        errorLine = line;
        error = text;
        errorIsParse = parse;
    }

    static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int k = from; k < to; k++) {
            h = (h ^ b[k]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static int lastNewline(byte[] b, int end) {
        for (int k = end - 1; k >= 0; k--) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }
}
