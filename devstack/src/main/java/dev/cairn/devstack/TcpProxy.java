package dev.cairn.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder on 127.0.0.1 in front of a real server, for outage tests: {@link #cut()} drops every open
 * connection and refuses new ones (the server looks down), {@link #restore()} lets traffic through again.
 * {@link #latency(Duration)} holds every chunk of bytes, in each direction, that long before passing it on (a slow
 * network: a request and its answer each arrive later, while the bytes in flight still flow at full speed). The server
 * itself keeps running and keeps its data. Two threads per connection direction (one reads, one writes): tests only.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;
    private volatile long latencyNanos;

    /** Bytes read at {@code readAt}, due to be written {@link #latencyNanos} later; empty: the source ended. */
    private record Chunk(byte[] bytes, long readAt) {}

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cairn-tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            return new TcpProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /**
     * From now on every chunk of bytes, in each direction, is held {@code delay} after it was read before it is
     * written on ({@link Duration#ZERO}: at once again). Applies to open connections too.
     */
    public void latency(Duration delay) {
        latencyNanos = delay.toNanos();
    }

    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to}: one thread reads and stamps each chunk, another writes it when due. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            chunks.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
                        }
                    } catch (IOException e) {
                        // connection cut or closed by a peer
                    } finally {
                        chunks.add(new Chunk(new byte[0], System.nanoTime()));
                    }
                },
                "cairn-tcp-proxy-read");
        Thread writer = new Thread(
                () -> {
                    try (OutputStream out = to.getOutputStream()) {
                        while (true) {
                            Chunk c = chunks.take();
                            long wait = c.readAt() + latencyNanos - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            if (c.bytes().length == 0) {
                                return;
                            }
                            out.write(c.bytes());
                        }
                    } catch (IOException | InterruptedException e) {
                        // connection cut or closed by a peer
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "cairn-tcp-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
