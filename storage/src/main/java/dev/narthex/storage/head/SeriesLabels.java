package dev.narthex.storage.head;

import dev.narthex.storage.Labels;
import dev.narthex.storage.labels.SymbolTable;

/**
 * A series' labels in the head: its name and value symbol ids, alternating in label order, as unsigned
 * varints in one byte array. Symbol ids are small (most below 2^14), so six labels take about 16 bytes
 * instead of the 48 of an {@code int[]}; the labels are decoded only when a series is looked up by
 * labels, logged or read, never per appended sample.
 */
final class SeriesLabels {
    private SeriesLabels() {
    }

    /**
     * Interns the labels' strings and packs their ids. The labels are left holding the interned
     * instances ({@link Labels#shareStrings}), so whoever keeps them (a scrape cache) shares the
     * head's strings rather than keeping a copy of each per series.
     */
    static byte[] encode(Labels labels, SymbolTable symbols) {
        int n = labels.size();
        int[] ids = new int[2 * n];
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            ids[2 * i] = symbols.intern(labels.name(i));
            ids[2 * i + 1] = symbols.intern(labels.value(i));
            bytes += varintSize(ids[2 * i]) + varintSize(ids[2 * i + 1]);
        }
        labels.shareStrings(i -> symbols.get(ids[i]));
        byte[] out = new byte[bytes];
        int pos = 0;
        for (int id : ids) {
            while ((id & ~0x7F) != 0) {
                out[pos++] = (byte) ((id & 0x7F) | 0x80);
                id >>>= 7;
            }
            out[pos++] = (byte) id;
        }
        return out;
    }

    static Labels decode(byte[] packed, SymbolTable symbols) {
        String[] pairs = new String[count(packed)];
        int pos = 0;
        for (int i = 0; i < pairs.length; i++) {
            int id = 0;
            int shift = 0;
            byte b;
            do {
                b = packed[pos++];
                id |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            pairs[i] = symbols.get(id);
        }
        return Labels.ofSorted(pairs);
    }

    /** Whether the packed labels are exactly {@code labels}. */
    static boolean matches(byte[] packed, Labels labels, SymbolTable symbols) {
        int n = 2 * labels.size();
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (pos == packed.length) {
                return false;
            }
            int id = 0;
            int shift = 0;
            byte b;
            do {
                b = packed[pos++];
                id |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            String expected = (i & 1) == 0 ? labels.name(i >> 1) : labels.value(i >> 1);
            if (!symbols.get(id).equals(expected)) {
                return false;
            }
        }
        return pos == packed.length;
    }

    /** The number of symbol ids (twice the number of labels). */
    private static int count(byte[] packed) {
        int n = 0;
        for (byte b : packed) {
            if (b >= 0) {
                n++;
            }
        }
        return n;
    }

    private static int varintSize(int v) {
        return (32 - Integer.numberOfLeadingZeros(v | 1) + 6) / 7;
    }
}
