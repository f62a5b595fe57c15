package dev.cairn.marker.notify;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local webhook receiver (the JDK's HttpServer) that records every call: {@code /slack} and {@code /json} answer
 * 200; {@code /held} answers nothing until {@link #release} is called, then 500. Points the test pipelines'
 * webhooks at it, and one ({@code hooked_down}) at a port where nothing listens.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    public record Call(String path, String contentType, String body) {}

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    static final CountDownLatch HELD = new CountDownLatch(1);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            CALLS.add(new Call(
                    path,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status = 200;
            if (path.equals("/held")) {
                try {
                    HELD.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "cairn.marker.pipelines.\"hooked_slack\".webhook.url", base + "/slack",
                "cairn.marker.pipelines.\"hooked_json\".webhook.url", base + "/json",
                "cairn.marker.pipelines.\"hooked_json\".webhook.format", "json",
                "cairn.marker.pipelines.\"hooked_held\".webhook.url", base + "/held",
                "cairn.marker.pipelines.\"hooked_down\".webhook.url", "http://127.0.0.1:" + freePort() + "/down");
    }

    static List<Call> calls(String path) {
        return CALLS.stream().filter(c -> c.path().equals(path)).toList();
    }

    static void release() {
        HELD.countDown();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        release();
        if (server != null) {
            server.stop(0);
        }
    }
}
