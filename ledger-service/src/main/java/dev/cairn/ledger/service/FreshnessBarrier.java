package dev.cairn.ledger.service;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.messaging.AppliedOffsets;
import dev.cairn.ledger.messaging.InputEndOffsets;
import dev.cairn.ledger.messaging.KafkaOffsets;
import dev.cairn.ledger.messaging.OutboxRelay;
import dev.cairn.ledger.messaging.RelayedOffsets;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.service.error.UnavailableException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The ledger's half of {@code fresh=true} (docs/design.md §6): waits until every event acknowledged before the call — over HTTP
 * (201/200) or by the broker on {@code cairn.stage-events} — is on {@code cairn.completions}, then answers the end
 * offsets of {@code cairn.completions}. A reader that has consumed up to them has seen every such event. Steps:
 * <ol>
 *   <li>the end offsets of {@code cairn.stage-events} now ({@link InputEndOffsets}: one read shared by the barriers
 *       asking at the time);
 *   <li>wait until the ledger has applied up to them (their outbox rows committed): known in-process for the
 *       partitions this instance consumes ({@link AppliedOffsets}, which each applied batch wakes), else from the
 *       consumer group's committed offsets (committed only after a batch is applied);
 *   <li>the outbox's highest id now, H (every row an HTTP answer or step 2 waited for is committed, so its id ≤ H),
 *       and wait until no row ≤ H is left (the relay deletes a row only once Kafka acknowledged it);
 *   <li>where {@code cairn.completions} holds all that: known in-process when this instance's relay has held the lock
 *       all through step 3 ({@link RelayedOffsets}), else the topic's end offsets.
 * </ol>
 * Bounded by the caller's wait; past it a 503 {@code not_fresh} says which step was behind and by how much.
 */
@ApplicationScoped
public class FreshnessBarrier {

    /** Where {@code cairn.completions} must be read up to, and how long the barrier waited. */
    public record Fresh(String topic, Map<Integer, Long> offsets, long waitedMs) {}

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(FreshnessBarrier.class);
    /** A barrier slower than this logs its phases at INFO (else DEBUG): where a fresh read's tail comes from. */
    private static final long SLOW_MS = 200;

    /** How often the group's committed offsets are read while only this instance's partitions are behind. */
    static final Duration COMMITTED_FALLBACK = Duration.ofMillis(250);

    private final KafkaOffsets kafka;
    private final InputEndOffsets inputEnds;
    private final AppliedOffsets applied;
    private final OutboxStore outbox;
    private final OutboxRelay relay;
    private final RelayedOffsets relayed;
    private final AgroalDataSource dataSource;
    private final LedgerConfig config;

    FreshnessBarrier(
            KafkaOffsets kafka,
            InputEndOffsets inputEnds,
            AppliedOffsets applied,
            OutboxStore outbox,
            OutboxRelay relay,
            RelayedOffsets relayed,
            AgroalDataSource dataSource,
            LedgerConfig config) {
        this.kafka = kafka;
        this.inputEnds = inputEnds;
        this.applied = applied;
        this.outbox = outbox;
        this.relay = relay;
        this.relayed = relayed;
        this.dataSource = dataSource;
        this.config = config;
    }

    public Fresh await(Duration wait) {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        try {
            long consumed = awaitConsumed(deadline, wait);
            long relayedAt = System.nanoTime();
            long leadership = relayed.leadership();
            awaitRelayed(deadline, wait);
            long endsAt = System.nanoTime();
            Map<Integer, Long> offsets = new TreeMap<>();
            Optional<Map<Integer, Long>> known = relayed.offsets(leadership);
            if (known.isPresent()) {
                offsets.putAll(known.get());
            } else {
                kafka.endOffsets(config.completionsTopic(), left(deadline))
                        .forEach((tp, offset) -> offsets.put(tp.partition(), offset));
            }
            long done = System.nanoTime();
            long waitedMs = (done - start) / 1_000_000;
            LOG.logf(
                    waitedMs > SLOW_MS ? Logger.Level.INFO : Logger.Level.DEBUG,
                    "barrier took %d ms: input end offsets %d ms, stage events applied %d ms, outbox relayed %d ms,"
                            + " completions offsets %d ms",
                    waitedMs,
                    (consumed - start) / 1_000_000,
                    (relayedAt - consumed) / 1_000_000,
                    (endsAt - relayedAt) / 1_000_000,
                    (done - endsAt) / 1_000_000);
            return new Fresh(config.completionsTopic(), offsets, waitedMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notFresh("interrupted while waiting");
        } catch (TimeoutException e) {
            throw notFresh("Kafka did not answer within the wait of " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw notFresh("Kafka did not answer: " + e.getCause());
        } catch (SQLException e) {
            throw notFresh("PostgreSQL did not answer: " + e.getMessage());
        }
    }

    /**
     * Steps 1 and 2: every record on the input topic now is applied. Returns when step 1 ended
     * ({@link System#nanoTime()}). For the partitions this instance consumes, {@link AppliedOffsets} wakes the wait
     * as soon as a batch is applied; the group's committed offsets are read (an admin round trip) every poll interval
     * only while a partition another instance owns is behind, and else every {@link #COMMITTED_FALLBACK} in case
     * what is known here is held back (a gap in the offsets, a start position not known).
     */
    private long awaitConsumed(long deadline, Duration wait)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, Long> ends = inputEnds.endOffsets(left(deadline));
        long endsRead = System.nanoTime();
        applied.want(ends); // the consumer applies what this waits for before the rest of a batch
        try {
            awaitApplied(ends, endsRead, deadline, wait);
        } finally {
            applied.unwant(ends);
        }
        return endsRead;
    }

    private void awaitApplied(Map<TopicPartition, Long> ends, long endsRead, long deadline, Duration wait)
            throws InterruptedException, ExecutionException {
        long lastRead = endsRead;
        boolean readOnce = false;
        while (true) {
            long seen = applied.changes();
            AppliedOffsets.Lag lag = applied.lag(ends);
            if (lag.records() == 0) {
                return;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                throw notFresh("the ledger has not yet applied " + lag.records() + " record(s) of "
                        + config.stageEventsTopic() + " (consumer group " + config.consumerGroup() + ") after "
                        + wait.toMillis() + " ms");
            }
            long readAt = lag.elsewhere()
                    ? (readOnce ? lastRead + config.barrier().pollInterval().toNanos() : now)
                    : lastRead + COMMITTED_FALLBACK.toNanos();
            if (now >= readAt) {
                try {
                    applied.committed(kafka.committed(config.consumerGroup(), left(deadline)));
                } catch (TimeoutException e) {
                    // the wait ran out during the read: the next turn reports what is known
                }
                lastRead = System.nanoTime();
                readOnce = true;
                continue;
            }
            applied.awaitChange(seen, Math.min(readAt, deadline) - now);
        }
    }

    /** Step 3: every outbox row committed before now is on {@code cairn.completions}. */
    private void awaitRelayed(long deadline, Duration wait) throws SQLException, InterruptedException {
        long highWater;
        try (Connection c = dataSource.getConnection()) {
            highWater = outbox.idRange(c).max();
        }
        while (highWater > 0) {
            long round = relay.rounds();
            OutboxStore.IdRange range;
            try (Connection c = dataSource.getConnection()) {
                range = outbox.idRange(c);
            }
            if (range.isEmpty() || range.min() > highWater) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw notFresh("the outbox still holds up to " + (highWater - range.min() + 1)
                        + " row(s) not yet on " + config.completionsTopic() + " after " + wait.toMillis() + " ms"
                        + (relay.isLeader() ? "" : " (the relay runs on another instance, or on none)"));
            }
            relay.awaitRoundAfter(round, min(config.barrier().pollInterval().multipliedBy(5), left(deadline)));
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static UnavailableException notFresh(String message) {
        return new UnavailableException("not_fresh", message, RETRY_AFTER);
    }
}
