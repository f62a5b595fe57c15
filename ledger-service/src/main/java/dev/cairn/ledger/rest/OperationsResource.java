package dev.cairn.ledger.rest;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.messaging.DeadLetterReader;
import dev.cairn.ledger.messaging.OutboxRelay;
import dev.cairn.ledger.store.OutboxStore;
import io.agroal.api.AgroalDataSource;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What an operator watches (the planner's dashboard shows it): the DLQ's newest records and the outbox's lag. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    public record DeadLetters(String topic, int count, List<DeadLetterReader.DeadLetter> records) {}

    public record Outbox(long pending, Instant oldestCreatedAt, Double lagSeconds, boolean relayHere) {}

    private final DeadLetterReader dlq;
    private final OutboxStore outbox;
    private final OutboxRelay relay;
    private final AgroalDataSource dataSource;
    private final LedgerConfig config;

    OperationsResource(
            DeadLetterReader dlq,
            OutboxStore outbox,
            OutboxRelay relay,
            AgroalDataSource dataSource,
            LedgerConfig config) {
        this.dlq = dlq;
        this.outbox = outbox;
        this.relay = relay;
        this.dataSource = dataSource;
        this.config = config;
    }

    /** The newest records of the DLQ topic, newest first, with their reason and detail headers. */
    @GET
    @Path("/dlq")
    public DeadLetters deadLetters(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        List<DeadLetterReader.DeadLetter> records = dlq.newest(limit);
        return new DeadLetters(config.dlqTopic(), records.size(), records);
    }

    /** Changes committed but not yet published to {@code cairn.completions}, and the age of the oldest. */
    @GET
    @Path("/outbox")
    public Outbox outbox() throws SQLException {
        OutboxStore.Backlog backlog;
        try (Connection c = dataSource.getConnection()) {
            backlog = outbox.backlog(c);
        }
        Double lag = backlog.oldest() == null
                ? null
                : Math.max(0, Duration.between(backlog.oldest(), Instant.now()).toMillis() / 1000.0);
        return new Outbox(backlog.rows(), backlog.oldest(), lag, relay.isLeader());
    }
}
