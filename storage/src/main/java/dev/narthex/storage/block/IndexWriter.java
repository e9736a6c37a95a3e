package dev.narthex.storage.block;

import dev.narthex.storage.Labels;
import dev.narthex.storage.encoding.ByteOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/** Serializes a block's index file; the layout is in docs/storage-format.md. Stateless. */
final class IndexWriter {
    static final int SECTIONS = 6;
    static final int SYMBOLS = 0;
    static final int SERIES = 1;
    static final int SERIES_OFFSETS = 2;
    static final int LABEL_NAMES = 3;
    static final int LABEL_VALUES = 4;
    static final int POSTINGS = 5;
    static final String[] SECTION_NAMES = {"symbol table", "series table", "series offsets", "label names table",
        "label values table", "postings"};
    static final int FOOTER_SIZE = SECTIONS * 16 + 16;
    static final int LABEL_NAME_ENTRY = 12;
    static final int LABEL_VALUE_ENTRY = 16;

    private IndexWriter() {
    }

    /** Serializes the index; piece times are stored relative to {@code baseTime}, no later than any of them. */
    static ByteOutput write(long baseTime, List<Labels> series, int[] seriesFirstPiece, long[] pieces,
                            TreeMap<String, TreeMap<String, MutableRoaringBitmap>> postings) {
        String[] symbols = symbols(series);
        Map<String, Integer> symbolIds = new HashMap<>(symbols.length * 2);
        for (int i = 0; i < symbols.length; i++) {
            symbolIds.put(symbols[i], i);
        }
        ByteOutput out = new ByteOutput(1 << 16);
        ByteBuffer header = FileFormat.le(FileFormat.HEADER_SIZE);
        FileFormat.writeHeader(header, FileFormat.INDEX_MAGIC);
        out.writeBytes(header.array(), 0, FileFormat.HEADER_SIZE);
        long[] sections = new long[SECTIONS * 2];

        int start = out.size();
        out.writeIntLE(symbols.length);
        for (String s : symbols) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeUvarint(b.length);
            out.writeBytes(b, 0, b.length);
        }
        endSection(out, sections, SYMBOLS, start);

        // Series entries name labels by their position in the label names table and by the value's position
        // among that name's values: small numbers, mostly one byte, where symbol ids would often take two.
        Map<String, Integer> nameOrdinals = new HashMap<>();
        Map<String, Map<String, Integer>> valueOrdinals = new HashMap<>();
        for (Map.Entry<String, TreeMap<String, MutableRoaringBitmap>> e : postings.entrySet()) {
            nameOrdinals.put(e.getKey(), nameOrdinals.size());
            Map<String, Integer> values = new HashMap<>(e.getValue().size() * 2);
            for (String v : e.getValue().keySet()) {
                values.put(v, values.size());
            }
            valueOrdinals.put(e.getKey(), values);
        }
        start = out.size();
        out.writeVarint(baseTime);
        int[] offsets = new int[series.size()];
        for (int id = 0; id < series.size(); id++) {
            offsets[id] = out.size() - start;
            Labels l = series.get(id);
            out.writeUvarint(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.writeUvarint(nameOrdinals.get(l.name(i)));
                out.writeUvarint(valueOrdinals.get(l.name(i)).get(l.value(i)));
            }
            int first = seriesFirstPiece[id];
            int end = seriesFirstPiece[id + 1];
            out.writeUvarint(end - first);
            long previous = baseTime; // pieces are in time order: each starts after the previous one ended
            for (int p = first * BlockWriter.PIECE_FIELDS; p < end * BlockWriter.PIECE_FIELDS; p += BlockWriter.PIECE_FIELDS) {
                out.writeUvarint(pieces[p]);
                out.writeUvarint(pieces[p + 1]);
                long shared = pieces[p + 2];
                out.writeUvarint(shared == 0 ? pieces[p + 3] << 1 : (shared - 1) << 1 | 1);
                out.writeUvarint(pieces[p + 4]);
                out.writeUvarint(pieces[p + 5]);
                out.writeUvarint(pieces[p + 6] - previous);
                out.writeUvarint(pieces[p + 7] - pieces[p + 6]);
                previous = pieces[p + 7];
            }
        }
        endSection(out, sections, SERIES, start);

        start = out.size();
        for (int off : offsets) {
            out.writeIntLE(off);
        }
        endSection(out, sections, SERIES_OFFSETS, start);

        start = out.size();
        int valueIndex = 0;
        for (Map.Entry<String, TreeMap<String, MutableRoaringBitmap>> e : postings.entrySet()) {
            out.writeIntLE(symbolIds.get(e.getKey()));
            out.writeIntLE(valueIndex);
            out.writeIntLE(e.getValue().size());
            valueIndex += e.getValue().size();
        }
        endSection(out, sections, LABEL_NAMES, start);

        // Postings are serialized first into their own buffer so the values table can point into it.
        ByteOutput postingsOut = new ByteOutput(1 << 16);
        start = out.size();
        byte[] scratch = new byte[64];
        for (TreeMap<String, MutableRoaringBitmap> values : postings.values()) {
            for (Map.Entry<String, MutableRoaringBitmap> v : values.entrySet()) {
                MutableRoaringBitmap bm = v.getValue();
                bm.runOptimize();
                int size = bm.serializedSizeInBytes();
                if (scratch.length < size) {
                    scratch = new byte[Math.max(size, scratch.length * 2)];
                }
                bm.serialize(ByteBuffer.wrap(scratch, 0, size));
                out.writeIntLE(symbolIds.get(v.getKey()));
                out.writeIntLE(size);
                out.writeLongLE(postingsOut.size());
                postingsOut.writeBytes(scratch, 0, size);
            }
        }
        endSection(out, sections, LABEL_VALUES, start);

        start = out.size();
        out.writeBytes(postingsOut.array(), 0, postingsOut.size());
        endSection(out, sections, POSTINGS, start);

        int footer = out.size();
        for (long v : sections) {
            out.writeLongLE(v);
        }
        out.writeIntLE(series.size());
        out.writeIntLE(symbols.length);
        out.writeIntLE(FileFormat.crc32c(out.array(), footer, out.size() - footer));
        out.writeIntLE(FileFormat.END_MAGIC);
        return out;
    }

    private static void endSection(ByteOutput out, long[] sections, int section, int start) {
        int len = out.size() - start;
        sections[2 * section] = start;
        sections[2 * section + 1] = len;
        out.writeIntLE(FileFormat.crc32c(out.array(), start, len));
    }

    private static String[] symbols(List<Labels> series) {
        HashMap<String, Boolean> set = new HashMap<>();
        for (Labels l : series) {
            for (int i = 0; i < l.size(); i++) {
                set.put(l.name(i), Boolean.TRUE);
                set.put(l.value(i), Boolean.TRUE);
            }
        }
        String[] symbols = set.keySet().toArray(new String[0]);
        Arrays.sort(symbols);
        return symbols;
    }
}
