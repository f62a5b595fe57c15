package dev.cairn.bootstrap.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.contracts.StageEvent;
import dev.cairn.service.auth.ApiTokens;
import dev.cairn.service.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two questions bootstrap asks ledger-service over HTTP, with the configured token: which stages a pipeline
 * declares ({@code GET /api/v1/pipelines/{pipeline}}) and what became of event ids it sent ({@code POST
 * /api/v1/events/status}). Any answer other than the expected ones is {@link LedgerUnavailable}.
 */
@ApplicationScoped
public class LedgerClient {

    /** At most this many ids per status request (the ledger accepts 10,000). */
    public static final int STATUS_BATCH = 1000;

    /** The ledger's verdict on one id: {@code applied}, {@code duplicate}, {@code refused} (with reason), {@code unknown}. */
    public record Verdict(String eventId, String status, String reason, String detail) {
        public boolean known() {
            return !"unknown".equals(status);
        }
    }

    /** Verdicts by id, and the ledger's clock when it answered. */
    public record Verdicts(Instant now, Map<String, Verdict> byId) {}

    /** The ledger could not be asked (unreachable, timeout, an unexpected answer). */
    public static final class LedgerUnavailable extends RuntimeException {
        public LedgerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http;
    private final String base;
    private final Optional<String> token;
    private final Duration timeout;
    private final ObjectMapper json;

    LedgerClient(BootstrapConfig config, AuthConfig auth, ObjectMapper json) {
        this.base = config.ledgerUrl().replaceAll("/+$", "");
        this.token = config.ledgerToken().or(() -> ApiTokens.firstSecret(auth));
        this.timeout = config.ledgerTimeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The declared stages of {@code pipeline}, or empty when the ledger does not know it. */
    public Optional<List<String>> stages(String pipeline) {
        HttpResponse<String> r =
                send(request("/api/v1/pipelines/" + URLEncoder.encode(pipeline, StandardCharsets.UTF_8))
                        .GET()
                        .build());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode body = expect200(r, "GET /api/v1/pipelines/" + pipeline);
        List<String> stages = new ArrayList<>();
        body.path("stages").forEach(s -> stages.add(s.asText()));
        return Optional.of(stages);
    }

    /**
     * The ledger's verdict on each of {@code events} (at most {@link #STATUS_BATCH}, as sent) since {@code since}.
     * The events themselves go with the question, so that the ledger tells a copy of an id it recorded before from a
     * conflicting one at once.
     */
    public Verdicts status(List<StageEvent> events, Instant since) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("events", events);
        if (since != null) {
            query.put("since", since.toString());
        }
        HttpResponse<String> r;
        try {
            r = send(request("/api/v1/events/status")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(query)))
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode body = expect200(r, "POST /api/v1/events/status");
        Map<String, Verdict> byId = new LinkedHashMap<>();
        for (JsonNode v : body.path("events")) {
            String id = v.path("event_id").asText();
            byId.put(id, new Verdict(id, v.path("status").asText(), text(v, "reason"), text(v, "detail")));
        }
        return new Verdicts(Instant.parse(body.path("now").asText()), byId);
    }

    /** The ledger's clock: verdicts are asked "since" this instant, taken before the first event is sent. */
    public Instant now() {
        return status(List.of(), null).now();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LedgerUnavailable(
                    "the ledger at " + base + " cannot be reached: "
                            + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailable("interrupted while asking the ledger", e);
        }
    }

    private JsonNode expect200(HttpResponse<String> r, String what) {
        if (r.statusCode() != 200) {
            String body = r.body() == null ? "" : r.body();
            throw new LedgerUnavailable(
                    what + " on the ledger answered " + r.statusCode() + ": "
                            + body.substring(0, Math.min(300, body.length())),
                    null);
        }
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new LedgerUnavailable(what + " on the ledger answered something that is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
