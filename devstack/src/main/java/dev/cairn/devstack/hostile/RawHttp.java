package dev.cairn.devstack.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one HTTP/1.1 request exactly as given (request line, headers, body bytes; no normalisation of the path, no
 * encoding) over a plain socket and reads the answer. Clients such as RestAssured or {@code java.net.http} rewrite
 * {@code //api}, {@code /x/../api} or {@code %61pi}; a hostile client does not.
 */
public final class RawHttp {

    private RawHttp() {}

    /** The answer: status, headers (lower-case names, last value wins) and body as UTF-8 text. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    /**
     * Sends {@code head} (request line and header lines, without the blank line; {@code Host}, {@code
     * Content-Length} and {@code Connection: close} are added) and {@code body} to 127.0.0.1:{@code port}. When
     * {@code head} has a {@code Transfer-Encoding: chunked} line, the body goes in 8 KiB chunks, without a length.
     */
    public static Answer send(int port, String head, byte[] body) {
        boolean chunked = head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String full = head.stripTrailing() + "\r\nHost: 127.0.0.1:" + port
                    + (chunked ? "" : "\r\nContent-Length: " + body.length) + "\r\nConnection: close\r\n\r\n";
            out.write(full.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(chunked ? chunk(body) : body);
                out.flush();
            } catch (IOException closedEarly) {
                // a server may answer (413) and close before the whole body is sent; read what it said
            }
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] chunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 64);
        for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static Answer parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, 0, "\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer: " + new String(all, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at, "\r\n");
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, int from, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
