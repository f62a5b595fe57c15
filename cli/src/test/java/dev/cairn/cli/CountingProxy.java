package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that counts the bytes clients send through it: how a test sees what an S3 client really
 * uploaded (bodies and headers), without trusting the client's own report.
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int targetPort;
    private final AtomicLong sent = new AtomicLong();

    CountingProxy(String host, int targetPort) {
        this.host = host;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes sent by clients so far. */
    long sent() {
        return sent.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, targetPort);
                pump(client, upstream, sent);
                pump(upstream, client, new AtomicLong());
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            counter.addAndGet(n);
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "counting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
