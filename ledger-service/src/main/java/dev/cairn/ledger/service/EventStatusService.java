package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
 * recorded since then), {@code duplicate} (recorded before), {@code refused} (dead-lettered since then, with the
 * reason) or {@code unknown} (not seen yet, or refused before {@code since} only).
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

    public Verdicts status(List<String> eventIds, Instant since) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Instant now = refusals.now(c);
            LinkedHashSet<String> ids = new LinkedHashSet<>(eventIds);
            Map<String, RefusalStore.Known> known = refusals.known(c, ids);
            List<Verdict> verdicts = new ArrayList<>(ids.size());
            for (String id : ids) {
                verdicts.add(verdict(id, known.get(id), since == null ? Instant.EPOCH : since));
            }
            return new Verdicts(now, verdicts);
        }
    }

    private static Verdict verdict(String id, RefusalStore.Known k, Instant since) {
        if (k == null) {
            return new Verdict(id, "unknown", null, null);
        }
        if (k.refusedAt() != null && !k.refusedAt().isBefore(since)) {
            return new Verdict(id, "refused", k.reason(), k.detail());
        }
        if (k.recordedAt() == null) {
            return new Verdict(id, "unknown", null, null);
        }
        return new Verdict(id, k.recordedAt().isBefore(since) ? "duplicate" : "applied", null, null);
    }
}
