package dev.narthex.storage.block;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A least-recently-used cache of decompressed chunk frames, bounded by their total size in bytes, shared
 * by the blocks of a store. Cached arrays are never modified. Thread-safe.
 */
public final class FrameCache {
    private static final AtomicInteger NEXT_OWNER = new AtomicInteger();

    private final long maxBytes;
    private final LinkedHashMap<Long, byte[]> frames = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    public FrameCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static int newOwner() {
        return NEXT_OWNER.incrementAndGet();
    }

    synchronized byte[] get(int owner, int frame) {
        byte[] b = frames.get(key(owner, frame));
        if (b == null) {
            misses++;
        } else {
            hits++;
        }
        return b;
    }

    synchronized void put(int owner, int frame, byte[] raw) {
        if (raw.length > maxBytes) {
            return;
        }
        byte[] old = frames.put(key(owner, frame), raw);
        bytes += raw.length - (old == null ? 0 : old.length);
        Iterator<Map.Entry<Long, byte[]>> it = frames.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().length;
            it.remove();
        }
    }

    /** Drops every frame of one chunk file (its block was closed). */
    synchronized void evict(int owner) {
        Iterator<Map.Entry<Long, byte[]>> it = frames.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, byte[]> e = it.next();
            if ((int) (e.getKey() >>> 32) == owner) {
                bytes -= e.getValue().length;
                it.remove();
            }
        }
    }

    /** The size bound given at construction. */
    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long sizeBytes() {
        return bytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    private static Long key(int owner, int frame) {
        return ((long) owner << 32) | (frame & 0xFFFFFFFFL);
    }
}
