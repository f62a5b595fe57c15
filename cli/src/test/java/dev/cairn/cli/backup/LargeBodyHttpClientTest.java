package dev.cairn.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Large bodies are written by {@link LargeBodyHttpClient} itself, byte for byte; everything else by the SDK's. */
class LargeBodyHttpClientTest {

    private HttpServer server;
    private final AtomicReference<byte[]> received = new AtomicReference<>();
    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private final List<HttpExecuteRequest> delegated = new ArrayList<>();
    private LargeBodyHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.set(body);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            boolean refuse = exchange.getRequestURI().getPath().contains("refused");
            byte[] answer = (refuse ? "<Error><Code>BadDigest</Code></Error>" : "").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("ETag", "\"part-etag\"");
            exchange.sendResponseHeaders(refuse ? 400 : 200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        SdkHttpClient sdk = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                delegated.add(request);
                return null;
            }

            @Override
            public void close() {}
        };
        client = new LargeBodyHttpClient(sdk, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aLargeBodyIsSentByteForByteWithTheSignedHeaders() throws IOException {
        byte[] part = new byte[3 * 1024 * 1024 + 7];
        new Random(5).nextBytes(part);
        HttpExecuteResponse r =
                client.prepareRequest(put("/bucket/key?partNumber=2", part)).call();

        assertThat(delegated).isEmpty();
        assertThat(r.httpResponse().statusCode()).isEqualTo(200);
        assertThat(r.httpResponse().firstMatchingHeader("ETag")).hasValue("\"part-etag\"");
        assertThat(received.get()).isEqualTo(part);
        assertThat(headers)
                .containsEntry("content-length", Integer.toString(part.length))
                .containsEntry("x-amz-checksum-crc32c", "AAAAAA==")
                .containsEntry("authorization", "AWS4-HMAC-SHA256 test");
    }

    @Test
    void anErrorAnswerKeepsItsBodyForTheSdk() throws IOException {
        HttpExecuteResponse r = client.prepareRequest(put("/bucket/refused", new byte[2 * 1024 * 1024]))
                .call();

        assertThat(r.httpResponse().statusCode()).isEqualTo(400);
        assertThat(r.responseBody()).isPresent();
        try (InputStream in = r.responseBody().get()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("BadDigest");
        }
    }

    @Test
    void smallBodiesAndBodilessRequestsGoToTheSdksClient() {
        HttpExecuteRequest small = put("/bucket/small", new byte[1024]);
        HttpExecuteRequest head = HttpExecuteRequest.builder()
                .request(request("/bucket/key", SdkHttpMethod.HEAD, -1))
                .build();

        client.prepareRequest(small);
        client.prepareRequest(head);

        assertThat(delegated).containsExactly(small, head);
        assertThat(received.get()).isNull();
    }

    private SdkHttpRequest request(String pathAndQuery, SdkHttpMethod method, long length) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                .uri(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery))
                .method(method)
                .putHeader("Host", "127.0.0.1:" + server.getAddress().getPort())
                .putHeader("x-amz-checksum-crc32c", "AAAAAA==")
                .putHeader("Authorization", "AWS4-HMAC-SHA256 test");
        if (length >= 0) {
            b.putHeader("Content-Length", Long.toString(length));
        }
        return b.build();
    }

    private HttpExecuteRequest put(String pathAndQuery, byte[] body) {
        return HttpExecuteRequest.builder()
                .request(request(pathAndQuery, SdkHttpMethod.PUT, body.length))
                .contentStreamProvider(
                        ContentStreamProvider.fromInputStreamSupplier(() -> new ByteArrayInputStream(body)))
                .build();
    }
}
