package dev.narthex.storage.block;

import java.security.SecureRandom;

/**
 * Universally unique lexicographically sortable identifiers: 48 bits of milliseconds then 80 random bits,
 * as 26 Crockford base32 characters. Ids made in the same millisecond by one process increase strictly
 * (the random part is incremented), so block directories sort by creation. Thread-safe.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long randHi; // top 16 of the 80 random bits
    private static long randLo; // low 64 random bits

    private Ulid() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static synchronized String next(long millis) {
        if (millis <= lastMillis) {
            millis = lastMillis;
            randLo++;
            if (randLo == 0) {
                randHi = (randHi + 1) & 0xFFFF;
            }
        } else {
            lastMillis = millis;
            randHi = RANDOM.nextInt() & 0xFFFF;
            randLo = RANDOM.nextLong() & 0x7FFFFFFFFFFFFFFFL; // leaves room to increment within the millisecond
        }
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        // 80 random bits = 16 characters: the low 60 bits of randLo fill 12, the rest 4.
        long lo = randLo;
        for (int i = 25; i >= 14; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        long hi = (randHi << 4) | (randLo >>> 60);
        for (int i = 13; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code s} has the shape of a ULID (a block directory name). */
    public static boolean isValid(String s) {
        if (s.length() != 26 || s.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            if (new String(ALPHABET).indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
