package dev.cairn.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {}

    /** A port that is free on 127.0.0.1 right now (chosen by the kernel). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** {@code port} when it is free, else fails naming the port and how to avoid the clash. */
    static int requireFree(int port, String what) {
        if (isOpen(port)) {
            throw new IllegalStateException(what + " cannot listen on 127.0.0.1:" + port
                    + ": something already listens there. Stop it, or start the devstack with --random-ports.");
        }
        return port;
    }

    static boolean isOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
