package dev.narthex.storage.head;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from primitive {@code long} keys to objects (linear probing, deletion by
 * backward shift), so series lookups box nothing. Not thread-safe.
 */
final class LongObjectMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongObjectMap() {
        this(16);
    }

    LongObjectMap(int capacity) {
        int cap = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1);
        keys = new long[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    void put(long key, V value) {
        if ((size + 1) * 2 > keys.length) { // at most half full: misses (new series) stay short
            resize(keys.length * 2);
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    void remove(long key) {
        int i = slot(key);
        while (true) {
            if (values[i] == null) {
                return;
            }
            if (keys[i] == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        size--;
        // Backward shift: move later entries of the probe run into the hole so lookups never stop early.
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void resize(int cap) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[cap];
        values = new Object[cap];
        mask = cap - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                for (int j = slot(oldKeys[i]); ; j = (j + 1) & mask) {
                    if (values[j] == null) {
                        keys[j] = oldKeys[i];
                        values[j] = oldValues[i];
                        size++;
                        break;
                    }
                }
            }
        }
        Arrays.fill(oldValues, null);
    }
}
