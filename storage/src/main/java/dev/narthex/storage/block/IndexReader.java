package dev.narthex.storage.block;

import dev.narthex.storage.Labels;
import dev.narthex.storage.index.PostingsIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * Reads a memory-mapped block index in place. Every section's checksum and the cross references between
 * sections are verified on open; afterwards only the symbol table and the label names table live on the
 * heap, and postings are Roaring bitmaps over slices of the mapping. Thread-safe (read-only).
 */
final class IndexReader implements PostingsIndex {
    private final Path file;
    private final ByteBuffer buf;
    private final String[] symbols;
    private final int numSeries;
    private final int seriesOff;
    private final int seriesLen;
    private final long baseTime;
    private final int offsetsOff;
    private final int valuesOff;
    private final int postingsOff;
    private final int postingsLen;
    private final int[] nameSymbols;
    private final int[] firstValue;
    private final int[] valueCount;

    IndexReader(Path file) throws IOException {
        this.file = file;
        this.buf = FileFormat.map(file);
        FileFormat.checkHeader(file, buf, FileFormat.INDEX_MAGIC);
        int size = buf.limit();
        if (size < FileFormat.HEADER_SIZE + IndexWriter.FOOTER_SIZE) {
            throw FileFormat.corrupt(file, size, "file of " + size + " bytes is too short for its footer (truncated?)");
        }
        int footer = size - IndexWriter.FOOTER_SIZE;
        if (buf.getInt(size - 4) != FileFormat.END_MAGIC) {
            throw FileFormat.corrupt(file, size - 4, "missing end magic (file truncated?)");
        }
        FileFormat.checkCrc(file, buf, footer, IndexWriter.FOOTER_SIZE - 8, "index footer");
        int[] off = new int[IndexWriter.SECTIONS];
        int[] len = new int[IndexWriter.SECTIONS];
        long expected = FileFormat.HEADER_SIZE;
        for (int s = 0; s < IndexWriter.SECTIONS; s++) {
            long o = buf.getLong(footer + 16 * s);
            long l = buf.getLong(footer + 16 * s + 8);
            if (o != expected || l < 0 || o + l + 4 > footer) {
                throw FileFormat.corrupt(file, footer + 16L * s, IndexWriter.SECTION_NAMES[s] + " entry in the footer does not fit the file");
            }
            off[s] = (int) o;
            len[s] = (int) l;
            expected = o + l + 4;
            FileFormat.checkCrc(file, buf, off[s], len[s], IndexWriter.SECTION_NAMES[s]);
        }
        if (expected != footer) {
            throw FileFormat.corrupt(file, expected, "unexpected bytes between the sections and the footer");
        }
        numSeries = buf.getInt(footer + IndexWriter.SECTIONS * 16);
        int numSymbols = buf.getInt(footer + IndexWriter.SECTIONS * 16 + 4);
        symbols = readSymbols(off[IndexWriter.SYMBOLS], len[IndexWriter.SYMBOLS], numSymbols);
        seriesOff = off[IndexWriter.SERIES];
        seriesLen = len[IndexWriter.SERIES];
        int[] basePos = {seriesOff};
        long base = uvarint(basePos, seriesOff + seriesLen);
        baseTime = (base >>> 1) ^ -(base & 1);
        offsetsOff = off[IndexWriter.SERIES_OFFSETS];
        if (len[IndexWriter.SERIES_OFFSETS] != 4L * numSeries) {
            throw FileFormat.corrupt(file, offsetsOff, "series offsets table has " + len[IndexWriter.SERIES_OFFSETS] + " bytes for " + numSeries + " series");
        }
        valuesOff = off[IndexWriter.LABEL_VALUES];
        postingsOff = off[IndexWriter.POSTINGS];
        postingsLen = len[IndexWriter.POSTINGS];
        int namesOff = off[IndexWriter.LABEL_NAMES];
        int names = len[IndexWriter.LABEL_NAMES] / IndexWriter.LABEL_NAME_ENTRY;
        int values = len[IndexWriter.LABEL_VALUES] / IndexWriter.LABEL_VALUE_ENTRY;
        if (names * IndexWriter.LABEL_NAME_ENTRY != len[IndexWriter.LABEL_NAMES] || values * IndexWriter.LABEL_VALUE_ENTRY != len[IndexWriter.LABEL_VALUES]) {
            throw FileFormat.corrupt(file, namesOff, "label tables have a size that is not a whole number of entries");
        }
        nameSymbols = new int[names];
        firstValue = new int[names];
        valueCount = new int[names];
        int nextValue = 0;
        for (int i = 0; i < names; i++) {
            int p = namesOff + i * IndexWriter.LABEL_NAME_ENTRY;
            nameSymbols[i] = buf.getInt(p);
            firstValue[i] = buf.getInt(p + 4);
            valueCount[i] = buf.getInt(p + 8);
            if (nameSymbols[i] < 0 || nameSymbols[i] >= symbols.length || (i > 0 && nameSymbols[i] <= nameSymbols[i - 1])
                || firstValue[i] != nextValue || valueCount[i] <= 0) {
                throw FileFormat.corrupt(file, p, "label names table entry " + i + " is inconsistent");
            }
            nextValue += valueCount[i];
        }
        if (nextValue != values) {
            throw FileFormat.corrupt(file, namesOff, "label names table covers " + nextValue + " values, the values table has " + values);
        }
        for (int i = 0; i < values; i++) {
            int p = valuesOff + i * IndexWriter.LABEL_VALUE_ENTRY;
            int sym = buf.getInt(p);
            int plen = buf.getInt(p + 4);
            long poff = buf.getLong(p + 8);
            if (sym < 0 || sym >= symbols.length || plen <= 0 || poff < 0 || poff + plen > postingsLen) {
                throw FileFormat.corrupt(file, p, "label values table entry " + i + " is inconsistent");
            }
        }
    }

    private String[] readSymbols(int off, int len, int count) {
        if (count < 0 || len < 4 || buf.getInt(off) != count) {
            throw FileFormat.corrupt(file, off, "symbol count does not match the footer");
        }
        String[] out = new String[count];
        int[] pos = {off + 4};
        int end = off + len;
        byte[] scratch = new byte[64];
        for (int i = 0; i < count; i++) {
            int n = (int) uvarint(pos, end);
            if (n < 0 || pos[0] + n > end) {
                throw FileFormat.corrupt(file, pos[0], "symbol " + i + " runs past its section");
            }
            if (scratch.length < n) {
                scratch = new byte[n];
            }
            buf.get(pos[0], scratch, 0, n);
            out[i] = new String(scratch, 0, n, StandardCharsets.UTF_8);
            pos[0] += n;
            if (i > 0 && out[i - 1].compareTo(out[i]) >= 0) {
                throw FileFormat.corrupt(file, pos[0] - n, "symbol table is not sorted at symbol " + i);
            }
        }
        return out;
    }

    private long uvarint(int[] pos, int end) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= end) {
                throw FileFormat.corrupt(file, pos[0], "varint runs past its section");
            }
            byte b = buf.get(pos[0]++);
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw FileFormat.corrupt(file, pos[0], "varint longer than 10 bytes");
    }

    Path file() {
        return file;
    }

    int numSeries() {
        return numSeries;
    }

    /** Decodes one series entry: its labels and its pieces (8 longs each, see {@link BlockWriter#PIECE_FIELDS}). */
    SeriesEntry series(int id) {
        if (id < 0 || id >= numSeries) {
            throw new IndexOutOfBoundsException("series " + id + " of " + numSeries);
        }
        int end = seriesOff + seriesLen;
        int[] pos = {seriesOff + buf.getInt(offsetsOff + 4 * id)};
        if (pos[0] < seriesOff || pos[0] >= end) {
            throw FileFormat.corrupt(file, offsetsOff + 4L * id, "series offset out of range");
        }
        int n = (int) uvarint(pos, end);
        String[] pairs = new String[2 * n];
        for (int i = 0; i < 2 * n; i += 2) {
            long name = uvarint(pos, end);
            if (name < 0 || name >= nameSymbols.length) {
                throw FileFormat.corrupt(file, pos[0], "label name " + name + " of series " + id + " out of range");
            }
            long value = uvarint(pos, end);
            if (value < 0 || value >= valueCount[(int) name]) {
                throw FileFormat.corrupt(file, pos[0], "label value " + value + " of series " + id + " out of range");
            }
            pairs[i] = symbols[nameSymbols[(int) name]];
            pairs[i + 1] = value((int) name, (int) value);
        }
        int pieces = (int) uvarint(pos, end);
        long[] p = new long[pieces * BlockWriter.PIECE_FIELDS];
        long previous = baseTime;
        for (int i = 0; i < p.length; i += BlockWriter.PIECE_FIELDS) {
            p[i] = uvarint(pos, end);
            p[i + 1] = uvarint(pos, end);
            long ts = uvarint(pos, end);
            p[i + 2] = (ts & 1) == 0 ? 0 : (ts >>> 1) + 1;
            p[i + 3] = (ts & 1) == 0 ? ts >>> 1 : 0;
            p[i + 4] = uvarint(pos, end);
            p[i + 5] = uvarint(pos, end);
            p[i + 6] = previous + uvarint(pos, end);
            p[i + 7] = p[i + 6] + uvarint(pos, end);
            previous = p[i + 7];
        }
        return new SeriesEntry(id, Labels.ofSorted(pairs), p);
    }

    /** Index of a label name in the sorted names table, or -1. */
    int findLabelName(String name) {
        int lo = 0;
        int hi = nameSymbols.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = symbols[nameSymbols[mid]].compareTo(name);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    int valueCount(int nameIndex) {
        return valueCount[nameIndex];
    }

    String value(int nameIndex, int i) {
        return symbols[buf.getInt(valuesOff + (firstValue[nameIndex] + i) * IndexWriter.LABEL_VALUE_ENTRY)];
    }

    /** Index of {@code value} among the sorted values of a name, or {@code -(insertion point) - 1}. */
    int findValue(int nameIndex, String value) {
        int lo = 0;
        int hi = valueCount[nameIndex] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = value(nameIndex, mid).compareTo(value);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -(lo + 1);
    }

    /** The series ids carrying {@code name=value(i)}, read in place from the mapping. */
    ImmutableRoaringBitmap postings(int nameIndex, int i) {
        int p = valuesOff + (firstValue[nameIndex] + i) * IndexWriter.LABEL_VALUE_ENTRY;
        int len = buf.getInt(p + 4);
        int off = postingsOff + (int) buf.getLong(p + 8);
        return new ImmutableRoaringBitmap(buf.slice(off, len));
    }

    @Override
    public List<String> labelNames() {
        List<String> out = new ArrayList<>(nameSymbols.length);
        for (int s : nameSymbols) {
            out.add(symbols[s]);
        }
        return out;
    }

    /** The sorted values of one label name, decoded on access (binary searches decode log n of them). */
    List<String> values(int nameIndex) {
        return new Values(nameIndex);
    }

    @Override
    public List<String> sortedValues(String name) {
        int n = findLabelName(name);
        return n < 0 ? List.of() : values(n);
    }

    /** A heap copy of the mapped postings; the block's own selector reads them in place instead. */
    @Override
    public RoaringBitmap postings(String name, int valueIndex) {
        return postings(findLabelName(name), valueIndex).toRoaringBitmap();
    }

    @Override
    public RoaringBitmap allPostings() {
        RoaringBitmap all = new RoaringBitmap();
        all.add(0L, numSeries());
        return all;
    }

    private final class Values extends AbstractList<String> implements RandomAccess {
        private final int name;

        Values(int name) {
            this.name = name;
        }

        @Override
        public String get(int i) {
            return value(name, i);
        }

        @Override
        public int size() {
            return valueCount(name);
        }
    }

    /** One decoded series entry of the index. */
    record SeriesEntry(int id, Labels labels, long[] pieces) {
        int pieceCount() {
            return pieces.length / BlockWriter.PIECE_FIELDS;
        }

        long minTime(int piece) {
            return pieces[piece * BlockWriter.PIECE_FIELDS + 6];
        }

        long maxTime(int piece) {
            return pieces[piece * BlockWriter.PIECE_FIELDS + 7];
        }
    }
}
