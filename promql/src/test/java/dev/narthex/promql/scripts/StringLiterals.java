package dev.narthex.promql.scripts;

/** Go-style string literals as test scripts write them: double or single quotes with escapes, or backticks. */
final class StringLiterals {
    private StringLiterals() {
    }

    /** The index just past the literal that starts at {@code start}. */
    static int endOf(String s, int start) {
        char q = s.charAt(start);
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && q != '`') {
                i += 2;
                continue;
            }
            if (c == q) {
                return i + 1;
            }
            i++;
        }
        throw new ScriptSyntaxException("unterminated string: " + s.substring(start));
    }

    static String unquote(String lit) {
        char q = lit.charAt(0);
        if (lit.length() < 2 || lit.charAt(lit.length() - 1) != q) {
            throw new ScriptSyntaxException("bad string literal: " + lit);
        }
        String body = lit.substring(1, lit.length() - 1);
        if (q == '`') {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        java.io.ByteArrayOutputStream pendingBytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                flush(pendingBytes, sb);
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'a' -> appendChar(pendingBytes, sb, '\u0007');
                case 'b' -> appendChar(pendingBytes, sb, '\b');
                case 'f' -> appendChar(pendingBytes, sb, '\f');
                case 'n' -> appendChar(pendingBytes, sb, '\n');
                case 'r' -> appendChar(pendingBytes, sb, '\r');
                case 't' -> appendChar(pendingBytes, sb, '\t');
                case 'v' -> appendChar(pendingBytes, sb, '\u000b');
                case '\\', '"', '\'' -> appendChar(pendingBytes, sb, e);
                case 'x' -> {
                    pendingBytes.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    appendChar(pendingBytes, sb, (char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    flush(pendingBytes, sb);
                    sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        pendingBytes.write(Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw new ScriptSyntaxException("unknown escape sequence in " + lit);
                    }
                }
            }
        }
        flush(pendingBytes, sb);
        return sb.toString();
    }

    private static void appendChar(java.io.ByteArrayOutputStream pending, StringBuilder sb, char c) {
        flush(pending, sb);
        sb.append(c);
    }

    /** Byte escapes (\xHH, octal) form UTF-8 sequences together. */
    private static void flush(java.io.ByteArrayOutputStream pending, StringBuilder sb) {
        if (pending.size() > 0) {
            sb.append(new String(pending.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
            pending.reset();
        }
    }
}
