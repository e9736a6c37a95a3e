package dev.narthex.storage.labels;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns label names and values as dense int ids, so the head keeps each distinct string once and a
 * series' labels as an {@code int[]}. Ids start at 0 and are never reused.
 *
 * <p>Thread-safe. {@link #intern} takes a lock only for a string not seen before; {@link #get} is
 * lock-free and valid for any id whose publication the caller has observed (through the structure
 * that handed it out, e.g. a series found in a concurrent map).
 */
public final class SymbolTable {
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile String[] strings = new String[1024];
    private int size;

    /** The id of {@code s}, assigning one when new. */
    public int intern(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            id = ids.get(s);
            if (id != null) {
                return id;
            }
            String[] arr = strings;
            if (size == arr.length) {
                arr = Arrays.copyOf(arr, size * 2);
            }
            arr[size] = s;
            strings = arr; // volatile write publishes the element before the id is visible in the map
            ids.put(s, size);
            return size++;
        }
    }

    /** The string with this id; the same instance for every call, so labels share their Strings. */
    public String get(int id) {
        return strings[id];
    }

    /** The id of {@code s}, or -1 when it was never interned. */
    public int lookup(String s) {
        Integer id = ids.get(s);
        return id == null ? -1 : id;
    }

    public synchronized int size() {
        return size;
    }
}
