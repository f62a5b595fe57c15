package dev.cairn.planner.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.planner.config.PlannerConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The dashboard's calls to the other services (JDK {@link HttpClient}, bounded by
 * {@code cairn.planner.dashboard.call-timeout}). A call never throws: its {@link Part} says whether the service is
 * not configured, failed (with the reason the page shows) or answered.
 */
@Singleton
public class ServiceCalls {

    /** The other services the dashboard reads. */
    public enum Target {
        LEDGER("ledger-service"),
        BOOTSTRAP("bootstrap-service"),
        MARKER("marker-service");

        final String service;

        Target(String service) {
            this.service = service;
        }
    }

    /** One section of an answer: {@code state} is {@code ok}, {@code error} or {@code not_configured}. */
    public record Part(String state, String message, JsonNode data) {
        static Part ok(JsonNode data) {
            return new Part("ok", null, data);
        }

        static Part error(String message) {
            return new Part("error", message, null);
        }

        static Part notConfigured(String setting) {
            return new Part("not_configured", setting + " is not set", null);
        }
    }

    private final PlannerConfig config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    ServiceCalls(PlannerConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.dashboard().callTimeout())
                .build();
    }

    /** The base URL of {@code target}, when configured. */
    public Optional<URI> base(Target target) {
        return switch (target) {
            case LEDGER -> config.ledgerUrl().map(URI::create);
            case BOOTSTRAP -> config.dashboard().bootstrapUrl();
            case MARKER -> config.dashboard().markerUrl();
        };
    }

    /** The setting that configures {@code target}. */
    public static String setting(Target target) {
        return switch (target) {
            case LEDGER -> "cairn.planner.ledger-url";
            case BOOTSTRAP -> "cairn.planner.dashboard.bootstrap-url";
            case MARKER -> "cairn.planner.dashboard.marker-url";
        };
    }

    /**
     * GETs {@code pathAndQuery} (already encoded) of {@code target} as JSON. The bearer token is
     * {@code cairn.planner.ledger-token} when set, else the caller's own ({@code callerToken}, may be null).
     * A 503 of a health endpoint is an answer too (its body says what is down).
     */
    public Part get(Target target, String pathAndQuery, String callerToken) {
        Optional<URI> base = base(target);
        if (base.isEmpty()) {
            return Part.notConfigured(setting(target));
        }
        String token = config.ledgerToken().orElse(callerToken);
        HttpRequest.Builder request = HttpRequest.newBuilder(join(base.get(), pathAndQuery))
                .timeout(config.dashboard().callTimeout())
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = response.body().length == 0 ? null : mapper.readTree(response.body());
            boolean health = pathAndQuery.startsWith("/q/health");
            if (response.statusCode() / 100 == 2 || (health && body != null)) {
                return Part.ok(body);
            }
            String reason = body != null && body.hasNonNull("message")
                    ? body.get("message").asText()
                    : "";
            return Part.error(
                    target.service + " answered " + response.statusCode() + (reason.isEmpty() ? "" : ": " + reason));
        } catch (IOException e) {
            return Part.error(target.service + " unreachable at " + base.get() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Part.error("interrupted");
        }
    }

    private static URI join(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }
}
