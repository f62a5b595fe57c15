package dev.cairn.ledger.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEvent;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical form of a stage event: its validated fields as JSON with every object's keys sorted and instants
 * normalised to UTC. Two payloads that mean the same (key order, {@code +00:00} vs {@code Z}, unknown extra fields)
 * have the same canonical form and hash; a redelivery is a duplicate, anything else with the same id a conflict.
 *
 * <p>Written with the contracts' own mapper on purpose, not Quarkus' injected one: the hash is stored with every
 * event, so the canonical form must depend on the contract alone, never on framework settings
 * ({@code quarkus.jackson.*}) that could change between releases and turn redeliveries into conflicts.
 */
public final class CanonicalEvent {

    private static final ObjectMapper SORTED = Json.mapper()
            .copy()
            .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true)
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String json;
    private final byte[] hash;
    private final byte[] legacyHash;

    private CanonicalEvent(String json, byte[] hash, byte[] legacyHash) {
        this.json = json;
        this.hash = hash;
        this.legacyHash = legacyHash;
    }

    public static CanonicalEvent of(StageEvent event) {
        try {
            // record fields in declaration order, metrics (a tree) and attributes (a map) with their keys sorted
            String json = SORTED.writeValueAsString(event);
            byte[] legacy = sha256(json);
            if (event.metrics() == null || !hasNonCanonicalNumber(event.metrics())) {
                return new CanonicalEvent(json, legacy, legacy);
            }
            // the same record with its metrics' numbers canonical, written the same way
            StageEvent canonical = new StageEvent(
                    event.schema(),
                    event.eventId(),
                    event.type(),
                    event.pipeline(),
                    event.project(),
                    event.configId(),
                    event.stage(),
                    event.runId(),
                    event.occurredAt(),
                    event.startedAt(),
                    (ObjectNode) canonicalNumbers(event.metrics()),
                    event.attributes(),
                    event.error());
            return new CanonicalEvent(json, sha256(SORTED.writeValueAsString(canonical)), legacy);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code stored}, a hash kept with a recorded event, is this payload's (either form). */
    public boolean matches(byte[] stored) {
        return stored != null && (java.util.Arrays.equals(stored, hash) || java.util.Arrays.equals(stored, legacyHash));
    }

    /** The hash of the form stored before numbers were canonical. */
    public byte[] legacyHash() {
        return legacyHash;
    }

    private static byte[] sha256(String json) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical value of a finite number (exact, trailing zeros stripped, integers as integers), else null. */
    private static JsonNode canonical(JsonNode number) {
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return null;
        }
        BigDecimal d = number.decimalValue().stripTrailingZeros();
        return d.scale() <= 0
                ? JsonNodeFactory.instance.numberNode(d.toBigIntegerExact())
                : JsonNodeFactory.instance.numberNode(d);
    }

    private static boolean hasNonCanonicalNumber(JsonNode node) {
        if (node.isNumber()) {
            JsonNode c = canonical(node);
            return c != null && !c.toString().equals(node.toString());
        }
        for (JsonNode child : node) {
            if (hasNonCanonicalNumber(child)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode canonicalNumbers(JsonNode node) {
        if (node.isNumber()) {
            JsonNode c = canonical(node);
            return c == null ? node : c;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(p -> out.set(p.getKey(), canonicalNumbers(p.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> out.add(canonicalNumbers(child)));
            return out;
        }
        return node;
    }

    public String json() {
        return json;
    }

    public byte[] hash() {
        return hash;
    }
}
