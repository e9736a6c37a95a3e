package dev.narthex.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over one keep-alive connection, for the query warm-up to drive the server's own
 * HTTP stack the way API clients do (form-encoded POST with {@code Accept: application/json}). It reads
 * responses framed by {@code Content-Length}, which is how the server frames every response, and discards
 * their bodies. Not thread-safe.
 */
final class LoopbackHttpClient implements AutoCloseable {
    private static final int TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
    private final byte[] skip = new byte[8192];

    LoopbackHttpClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.connect(address, TIMEOUT_MS);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** POSTs the form to {@code path} and returns the response's status code once its body has been read. */
    int post(String path, Map<String, String> form) throws IOException {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
        request.reset();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + content.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(content);
        request.writeTo(out);
        out.flush();
        return readResponse();
    }

    private int readResponse() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("bad status line: " + status);
        }
        long length = -1;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            }
        }
        if (length < 0) {
            throw new IOException("response without content-length");
        }
        while (length > 0) {
            int n = in.read(skip, 0, (int) Math.min(skip.length, length));
            if (n < 0) {
                throw new EOFException("connection closed in the response body");
            }
            length -= n;
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed in the response head");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
