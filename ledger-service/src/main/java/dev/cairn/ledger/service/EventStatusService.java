package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;
import dev.cairn.ledger.store.RefusalStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The ledger's verdict on event ids a sender emitted since an instant of the ledger's clock: {@code applied} (first
 * recorded since then), {@code duplicate} (recorded before; with the events given, only when the stored payload is the
 * same), {@code refused} (dead-lettered since then, or a conflicting copy of an id recorded before, with the reason)
 * or {@code unknown} (not seen yet).
 */
@ApplicationScoped
public class EventStatusService {

    public static final int MAX_IDS = 10_000;

    /** The verdict on one id; {@code reason}/{@code detail} only when refused. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdict(String eventId, String status, String reason, String detail) {}

    /** The ledger's clock ({@code now}) and one verdict per distinct id asked, in the order asked. */
    public record Verdicts(Instant now, List<Verdict> verdicts) {}

    private final AgroalDataSource dataSource;
    private final RefusalStore refusals;

    EventStatusService(AgroalDataSource dataSource, RefusalStore refusals) {
        this.dataSource = dataSource;
        this.refusals = refusals;
    }

    /** The verdicts on {@code eventIds}. */
    public Verdicts status(List<String> eventIds, Instant since) throws SQLException {
        return status(eventIds, Map.of(), since);
    }

    /**
     * The verdicts on {@code events}, as sent: an id recorded before {@code since} is a {@code duplicate} only when
     * the stored payload is this one (the same canonical hash), else the ledger refuses (or refused) this copy as a
     * conflicting duplicate, a verdict that does not wait for the copy to be consumed.
     */
    public Verdicts statusOfEvents(List<StageEvent> events, Instant since) throws SQLException {
        Map<String, CanonicalEvent> sent = new java.util.LinkedHashMap<>();
        events.forEach(e -> sent.put(e.eventId(), CanonicalEvent.of(e)));
        return status(List.copyOf(sent.keySet()), sent, since);
    }

    private Verdicts status(List<String> eventIds, Map<String, CanonicalEvent> sent, Instant since)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Instant now = refusals.now(c);
            LinkedHashSet<String> ids = new LinkedHashSet<>(eventIds);
            Map<String, RefusalStore.Known> known = refusals.known(c, ids);
            List<Verdict> verdicts = new ArrayList<>(ids.size());
            for (String id : ids) {
                verdicts.add(verdict(id, known.get(id), sent.get(id), since == null ? Instant.EPOCH : since));
            }
            return new Verdicts(now, verdicts);
        }
    }

    private static Verdict verdict(String id, RefusalStore.Known k, CanonicalEvent sent, Instant since) {
        if (k == null) {
            return new Verdict(id, "unknown", null, null);
        }
        if (k.refusedAt() != null && !k.refusedAt().isBefore(since)) {
            return new Verdict(id, "refused", k.reason(), k.detail());
        }
        if (k.recordedAt() == null) {
            return new Verdict(id, "unknown", null, null);
        }
        if (!k.recordedAt().isBefore(since)) {
            return new Verdict(id, "applied", null, null);
        }
        if (sent != null && !sent.matches(k.payloadHash())) {
            return new Verdict(
                    id,
                    "refused",
                    RejectReason.CONFLICTING_DUPLICATE.code(),
                    "event_id '" + id
                            + "' was already recorded with a different payload; the ledger keeps what it has");
        }
        return new Verdict(id, "duplicate", null, null);
    }
}
