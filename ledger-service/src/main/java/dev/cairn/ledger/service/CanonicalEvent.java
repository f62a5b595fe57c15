package dev.cairn.ledger.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEvent;
import java.io.UncheckedIOException;
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

    private CanonicalEvent(String json, byte[] hash) {
        this.json = json;
        this.hash = hash;
    }

    public static CanonicalEvent of(StageEvent event) {
        try {
            // record fields in declaration order, metrics (a tree) and attributes (a map) with their keys sorted
            String json = SORTED.writeValueAsString(event);
            return new CanonicalEvent(
                    json, MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String json() {
        return json;
    }

    public byte[] hash() {
        return hash;
    }
}
