package dev.narthex.promql.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unquotes PromQL string tokens ("...", '...' and raw `...`) with Go's escapes. Go strings are bytes:
 * {@code \xHH} and octal escapes produce bytes, so escapes are decoded to UTF-8 bytes first; bytes that
 * do not form valid UTF-8 become the lone surrogates U+DC80..U+DCFF (as Python's "surrogateescape"),
 * which {@link dev.narthex.promql.ast.Printer#quote} prints back as {@code \xHH} and which label-name
 * validation rejects as invalid UTF-8.
 */
final class StringUnquoter {
    private StringUnquoter() {
    }

    /** The value of a complete string token; the lexer has already validated its escapes. */
    static String unquote(String token) {
        char quote = token.charAt(0);
        String body = token.substring(1, token.length() - 1);
        if (quote == '`' || body.indexOf('\\') < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\') {
                plain.append(c);
                i++;
                continue;
            }
            flush(plain, out);
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write(10);
                case 'r' -> out.write(13);
                case 't' -> out.write(9);
                case 'v' -> out.write(11);
                case 'x' -> {
                    out.write(Integer.parseInt(body.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int n = e == 'u' ? 4 : 8;
                    int cp = Integer.parseInt(body.substring(i, i + n), 16);
                    i += n;
                    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    out.write(b, 0, b.length);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        out.write(Integer.parseInt(body.substring(i - 1, i + 2), 8));
                        i += 2;
                    } else {
                        out.write(e);
                    }
                }
            }
        }
        flush(plain, out);
        return decode(out.toByteArray());
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream out) {
        if (plain.length() > 0) {
            byte[] b = plain.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            plain.setLength(0);
        }
    }

    /** UTF-8 decoding that maps each byte of an invalid sequence to U+DC80+byte. */
    static String decode(byte[] b) {
        StringBuilder s = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
            int cp = -1;
            if (len == 1) {
                cp = c;
            } else if (len > 1 && i + len <= b.length) {
                cp = c & (0xff >> (len + 1));
                for (int k = 1; k < len; k++) {
                    int cc = b[i + k] & 0xff;
                    if ((cc & 0xc0) != 0x80) {
                        cp = -1;
                        break;
                    }
                    cp = (cp << 6) | (cc & 0x3f);
                }
                int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
                if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xd800 && cp < 0xe000)) {
                    cp = -1;
                }
            }
            if (cp < 0) {
                s.append((char) (0xdc00 + c));
                i++;
            } else {
                s.appendCodePoint(cp);
                i += len;
            }
        }
        return s.toString();
    }

    /** Whether {@code s} holds no escaped invalid byte (Go's {@code utf8.ValidString}). */
    static boolean isValidUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
