package dev.cairn.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
