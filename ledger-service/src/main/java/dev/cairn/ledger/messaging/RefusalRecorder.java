package dev.cairn.ledger.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.EventIds;
import dev.cairn.contracts.Json;
import dev.cairn.ledger.store.RefusalStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the refusals of the DLQ in {@code ledger.refusal} by event id, for {@code POST /api/v1/events/status}. A
 * record without a readable, valid {@code event_id} cannot be asked about and is only dead-lettered.
 */
@ApplicationScoped
public class RefusalRecorder {

    private final AgroalDataSource dataSource;
    private final RefusalStore store;

    RefusalRecorder(AgroalDataSource dataSource, RefusalStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    void record(List<Rejection> rejections) throws SQLException {
        List<RefusalStore.Refusal> refusals = new ArrayList<>();
        for (Rejection r : rejections) {
            String id = eventId(r.record().value());
            if (id != null) {
                refusals.add(new RefusalStore.Refusal(
                        id, r.reason().code(), String.valueOf(r.detail()).replace('\u0000', '?')));
            }
        }
        if (refusals.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            store.record(c, refusals);
        }
    }

    static String eventId(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode id = Json.mapper().readTree(value).path("event_id");
            return id.isTextual() && EventIds.isValid(id.textValue()) ? id.textValue() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
