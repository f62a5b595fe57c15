package dev.cairn.cli.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The synchronous S3 client's HTTP layer: every request goes to the SDK's URL-connection client, except those whose
 * body has at least {@link #LARGE} bytes (the parts of a multipart upload), which this class sends itself on the same
 * JDK {@link HttpURLConnection} in fixed-length streaming mode. The SDK's client copies a body through a 4 KiB buffer
 * into the connection's 8 KiB buffered stream, so the JDK's socket sends it in 8 KiB system calls (131,072 per GiB),
 * each byte copied three times in Java on the way. Here the body is copied through a 256 KiB buffer (one per
 * thread, reused), which the connection's stream passes on as it is, and the JDK's socket sends it in 128 KiB system
 * calls: two copies in Java, a sixteenth of the system calls. The request itself (method, URI, signed headers) is the
 * SDK's, unchanged; the SDK's retries call {@link #prepareRequest} again, with a fresh body stream.
 */
final class LargeBodyHttpClient implements SdkHttpClient {

    /** Bodies of at least this many bytes are written here; smaller ones (and bodiless requests) by the SDK's client. */
    static final long LARGE = 1024 * 1024;

    /** One block per sending thread, reused: a new one per part would add a young collection per GiB. */
    private static final ThreadLocal<byte[]> BLOCKS = ThreadLocal.withInitial(() -> new byte[256 * 1024]);

    private final SdkHttpClient others;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    LargeBodyHttpClient(SdkHttpClient others, Duration connectTimeout, Duration readTimeout) {
        this.others = others;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /** This client around the SDK's URL-connection client for {@code endpoint} (null: AWS). */
    static LargeBodyHttpClient create(URI endpoint, Duration connectTimeout, Duration readTimeout) {
        return new LargeBodyHttpClient(
                urlConnectionClient(endpoint, connectTimeout, readTimeout), connectTimeout, readTimeout);
    }

    /**
     * The SDK's URL-connection client. Its builder sets up TLS (the JDK's trust store, an {@code SSLContext}: about
     * 0.15 s of CPU at start-up) even for an {@code http://} endpoint; there the client gets a connection factory
     * instead, with the same timeouts, which sets up nothing. An {@code https://} endpoint (or none: AWS), or a proxy
     * set in the environment or the system properties (which only the builder's client reads from both), gets the
     * builder's client.
     */
    private static SdkHttpClient urlConnectionClient(URI endpoint, Duration connectTimeout, Duration readTimeout) {
        if (endpoint == null
                || !"http".equalsIgnoreCase(endpoint.getScheme())
                || ProxyConfiguration.builder().build().host() != null) {
            return UrlConnectionHttpClient.builder()
                    .connectionTimeout(connectTimeout)
                    .socketTimeout(readTimeout)
                    .build();
        }
        int connectMillis = Math.toIntExact(connectTimeout.toMillis());
        int readMillis = Math.toIntExact(readTimeout.toMillis());
        return UrlConnectionHttpClient.create(uri -> {
            try {
                return open(uri, connectMillis, readMillis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A connection to {@code uri} with these timeouts, not connected yet; the JDK's proxy settings apply. */
    private static HttpURLConnection open(URI uri, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(connectTimeoutMillis);
        c.setReadTimeout(readTimeoutMillis);
        return c;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Optional<ContentStreamProvider> body = request.contentStreamProvider();
        long length = request.httpRequest()
                .firstMatchingHeader("Content-Length")
                .map(Long::parseLong)
                .orElse(-1L);
        if (body.isEmpty() || length < LARGE) {
            return others.prepareRequest(request);
        }
        SdkHttpRequest http = request.httpRequest();
        ContentStreamProvider content = body.get();
        AtomicReference<HttpURLConnection> connection = new AtomicReference<>();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return send(http, content, length, connection);
            }

            @Override
            public void abort() {
                HttpURLConnection c = connection.get();
                if (c != null) {
                    c.disconnect();
                }
            }
        };
    }

    @Override
    public String clientName() {
        return others.clientName();
    }

    @Override
    public void close() {
        others.close();
    }

    private HttpExecuteResponse send(
            SdkHttpRequest request,
            ContentStreamProvider body,
            long length,
            AtomicReference<HttpURLConnection> connection)
            throws IOException {
        HttpURLConnection c = open(request.getUri(), connectTimeoutMillis, readTimeoutMillis);
        connection.set(c);
        c.setInstanceFollowRedirects(false);
        c.setRequestMethod(request.method().name());
        // Content-Length and Host are the connection's own (the JDK ignores them as request properties)
        request.forEachHeader((name, values) -> values.forEach(v -> c.setRequestProperty(name, v)));
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(length);
        c.connect();
        try (InputStream in = body.newStream();
                OutputStream out = c.getOutputStream()) {
            write(in, out);
        } // closing checks that exactly Content-Length bytes were written
        int status = c.getResponseCode();
        InputStream content = status >= 400 ? c.getErrorStream() : c.getInputStream();
        Map<String, List<String>> headers = new HashMap<>();
        c.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                headers.put(name, values);
            }
        });
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder()
                        .statusCode(status)
                        .statusText(c.getResponseMessage())
                        .headers(headers)
                        .build())
                .responseBody(content == null ? null : AbortableInputStream.create(content, c::disconnect))
                .build();
    }

    private static void write(InputStream in, OutputStream out) throws IOException {
        byte[] block = BLOCKS.get();
        for (int n; (n = in.read(block)) >= 0; ) {
            out.write(block, 0, n);
        }
    }
}
