package dev.cairn.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    @Test
    void forwardsUntilCutAndAgainAfterRestore() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                TcpProxy proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort())) {
            Thread server = new Thread(() -> {
                while (!echo.isClosed()) {
                    try (Socket s = echo.accept()) {
                        s.getOutputStream().write(s.getInputStream().read());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();

            assertThat(roundTrip(proxy.port(), 7)).isEqualTo(7);
            proxy.cut();
            assertThatThrownBy(() -> roundTrip(proxy.port(), 8)).isInstanceOf(IOException.class);
            proxy.restore();
            assertThat(roundTrip(proxy.port(), 9)).isEqualTo(9);
        }
    }

    @Test
    void latencyDelaysEachDirectionAndKeepsTheBytesInFlightFlowing() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                TcpProxy proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the test closed its end
                }
            });
            server.setDaemon(true);
            server.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                s.setSoTimeout(5000);
                s.setTcpNoDelay(true);
                assertThat(echoMillis(s, 1)).isLessThan(500);

                proxy.latency(Duration.ofMillis(500));
                // one byte there and back: 500 ms each way on the connection that was already open
                assertThat(echoMillis(s, 1)).isBetween(1000L, 2500L);
                // ten bytes sent at once travel together: the delay does not add up per chunk
                assertThat(echoMillis(s, 10)).isBetween(1000L, 2500L);

                proxy.latency(Duration.ZERO);
                assertThat(echoMillis(s, 1)).isLessThan(500);
            }
        }
    }

    /** Writes {@code n} bytes one by one without waiting, reads the n echoes; the milliseconds it took. */
    private static long echoMillis(Socket s, int n) throws IOException {
        long t0 = System.nanoTime();
        OutputStream out = s.getOutputStream();
        for (int i = 0; i < n; i++) {
            out.write(i + 1);
            out.flush();
        }
        InputStream in = s.getInputStream();
        for (int i = 0; i < n; i++) {
            assertThat(in.read()).isEqualTo(i + 1);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static int roundTrip(int port, int value) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(value);
            out.flush();
            InputStream in = s.getInputStream();
            int read = in.read();
            if (read < 0) {
                throw new IOException("connection closed by the proxy");
            }
            return read;
        }
    }
}
