package dev.cairn.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.cli.CliException;
import dev.cairn.cli.config.Durations;
import dev.cairn.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * HTTP to one Cairn service with the bearer token, retrying what can pass (no connection, 429, 5xx) with backoff
 * (200 ms doubling to 5 s) for at most {@code retryFor}; after that, exit code 3. Every Cairn call the CLI makes is
 * safe to repeat: reads, plans, and events deduplicated by {@code event_id}.
 */
public final class CairnHttp {

    private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    /** An answer: status, body and headers. */
    public record Answer(int status, byte[] body, HttpHeaders headers) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new CliException(
                        dev.cairn.cli.ExitCodes.UNREACHABLE,
                        "the answer is not JSON (HTTP " + status + "): " + text(),
                        e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String service;
    private final URI base;
    private final String token;
    private final Duration retryFor;
    private final HttpClient http;

    public CairnHttp(String service, URI base, String token, Duration retryFor) {
        this.service = service;
        this.base = base;
        this.token = token;
        this.retryFor = retryFor;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
    }

    public Answer post(String pathAndQuery, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Answer put(String pathAndQuery, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private Answer send(HttpRequest.Builder builder) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.timeout(REQUEST_TIMEOUT).build();
        long start = System.nanoTime();
        long backoff = 200;
        String last;
        Throwable cause = null;
        while (true) {
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                Answer answer = new Answer(r.statusCode(), r.body(), r.headers());
                if (!RETRYABLE.contains(r.statusCode())) {
                    return answer;
                }
                last = "HTTP " + r.statusCode() + " " + abbreviate(answer.text());
            } catch (IOException e) {
                cause = e;
                last = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(dev.cairn.cli.ExitCodes.UNREACHABLE, "interrupted while calling the " + service);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.plusMillis(backoff).compareTo(retryFor) > 0) {
                throw CliException.unreachable(
                        "the " + service + " at " + base + " is unreachable after " + Durations.format(elapsed)
                                + " of retries (--retry-for " + Durations.format(retryFor) + "): " + last,
                        cause);
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    /**
     * The error for an answer the command cannot use: a refused token names {@code --token}; a refused request
     * (400/413/422) is a validation error with the service's message and problems; anything else exits 1.
     */
    public CliException refused(Answer a, String what) {
        String detail = errorText(a);
        if (a.status() == 401 || a.status() == 403) {
            return CliException.usage(
                    "--token",
                    "the " + service + " refused the token (HTTP " + a.status()
                            + "); set --token, CAIRN_TOKEN or token in the settings file");
        }
        if (a.status() == 400 || a.status() == 413 || a.status() == 422) {
            return new CliException(
                    dev.cairn.cli.ExitCodes.USAGE,
                    what + ": the " + service + " refused it (HTTP " + a.status() + "): " + detail);
        }
        return CliException.failed(what + ": the " + service + " answered HTTP " + a.status() + ": " + detail);
    }

    /** The service's JSON error as one line: {@code message (field: problem; ...)}. */
    public static String errorText(Answer a) {
        try {
            JsonNode e = Json.mapper().readTree(a.body());
            if (e != null && e.has("message")) {
                StringBuilder sb = new StringBuilder(e.path("message").asText());
                java.util.List<String> extra = new java.util.ArrayList<>();
                for (JsonNode p : e.path("problems")) {
                    if (!sb.toString().contains(p.path("message").asText())) {
                        extra.add(p.path("field").asText() + ": "
                                + p.path("message").asText());
                    }
                }
                if (!extra.isEmpty()) {
                    sb.append(" (").append(String.join("; ", extra)).append(')');
                }
                return sb.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not a JSON error: show the text
        }
        return abbreviate(a.text());
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(dev.cairn.cli.ExitCodes.UNREACHABLE, "interrupted while waiting to retry");
        }
    }
}
