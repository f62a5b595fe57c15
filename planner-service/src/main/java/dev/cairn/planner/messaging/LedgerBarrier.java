package dev.cairn.planner.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.service.auth.ApiTokens;
import dev.cairn.service.auth.AuthConfig;
import dev.cairn.service.error.UnavailableException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The targets of a {@code fresh=true} read (docs/design.md §6), from the ledger: {@code GET {ledger-url}/api/v1/barrier} waits
 * until every event the ledger or the broker acknowledged before the call is on {@code cairn.completions} and answers
 * that topic's end offsets. Whatever prevents an answer within the wait is a 503 {@code not_fresh} saying why (the
 * ledger's own reason and {@code Retry-After} when it gave one), never a guess.
 */
@Singleton
public class LedgerBarrier implements FreshTargets {

    /** Time for the answer to travel, on top of the wait the ledger is given. */
    private static final Duration SLACK = Duration.ofMillis(500);

    private final PlannerConfig config;
    private final java.util.Optional<String> token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LedgerBarrier(PlannerConfig config, AuthConfig auth) {
        this.config = config;
        this.token = config.ledgerToken().or(() -> ApiTokens.firstSecret(auth)).filter(t -> !t.isBlank());
    }

    @Override
    public Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, Duration wait)
            throws InterruptedException {
        String base = config.ledgerUrl()
                .orElseThrow(() -> notFresh("fresh=true needs the ledger's barrier, and cairn.planner.ledger-url "
                        + "(CAIRN_PLANNER_LEDGER_URL) is not set; ask without fresh=true, or configure the planner"));
        long waitMs = Math.max(0, wait.minus(SLACK).toMillis());
        URI uri = URI.create(base.replaceAll("/+$", "") + "/api/v1/barrier?wait_ms=" + waitMs);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(wait.plus(SLACK)).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw notFresh("the ledger at " + base + " did not answer the barrier: " + e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            String reason = body.path("message").asText("HTTP " + response.statusCode());
            Duration retry = response.headers().firstValueAsLong("Retry-After").stream()
                    .mapToObj(Duration::ofSeconds)
                    .findFirst()
                    .orElse(UnavailableException.DEFAULT_RETRY_AFTER);
            throw new UnavailableException(
                    "not_fresh",
                    "the ledger could not confirm that everything acknowledged so far is on " + config.topic()
                            + " (HTTP " + response.statusCode() + "): " + reason,
                    retry);
        }
        return targets(body);
    }

    private Map<TopicPartition, Long> targets(JsonNode body) {
        String topic = body.path("topic").asText();
        if (!topic.equals(config.topic())) {
            throw notFresh("the ledger relays to '" + topic + "' but the planner reads '" + config.topic() + "'");
        }
        Map<TopicPartition, Long> targets = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.path("offsets").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            targets.put(
                    new TopicPartition(topic, Integer.parseInt(f.getKey())),
                    f.getValue().asLong());
        }
        return targets;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node == null ? Json.mapper().createObjectNode() : node;
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private UnavailableException notFresh(String message) {
        return new UnavailableException("not_fresh", message, config.freshTimeout());
    }
}
