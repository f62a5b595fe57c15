package dev.cairn.ledger.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/** Business settings of the ledger ({@code cairn.ledger.*}), checked at start-up by Bean Validation. */
@ConfigMapping(prefix = "cairn.ledger")
public interface LedgerConfig {

    /** The input topic ({@code mp.messaging.incoming.stage-events.topic} is set from it). */
    @WithDefault(Topics.STAGE_EVENTS)
    @NotBlank
    String stageEventsTopic();

    /** The input's consumer group: every instance of one ledger shares it. */
    @WithDefault("cairn-ledger")
    @NotBlank
    String consumerGroup();

    /** Most records per poll, i.e. per apply transaction. */
    @WithDefault("2000")
    @Min(1)
    int maxBatch();

    /** Batches applied at the same time by one instance. */
    @WithDefault("2")
    @Min(1)
    int applyConcurrency();

    /**
     * How often the consumer commits the offsets of the batches it has applied, in ms (the throttled commit's
     * {@code auto.commit.interval.ms}): the freshness barrier waits for these commits on the partitions another
     * instance consumes (its own it knows in-process), so keep it short.
     */
    @WithDefault("50")
    @Min(1)
    @Max(5000)
    int commitIntervalMs();

    /** Where CompletionRecorded changes are relayed. */
    @WithDefault(Topics.COMPLETIONS)
    @NotBlank
    String completionsTopic();

    /** Where stage events that can never be applied go, with the DLQ headers ({@code cairn-error-*}, {@code cairn-source-*}). */
    @WithDefault(Topics.STAGE_EVENTS_DLQ)
    @NotBlank
    String dlqTopic();

    /**
     * Bytes of the original value kept in a DLQ copy when the full copy is refused (too large for the DLQ topic); the
     * copy then carries {@code cairn-original-size}.
     */
    @WithDefault("65536")
    @Min(0)
    int dlqTruncateTo();

    /**
     * How long a DLQ copy waits for the broker's acknowledgement before the attempt fails and is retried (a copy to a
     * topic deleted while the producer still knew it waits this long once, then the next attempt finds it missing).
     */
    @WithDefault("60s")
    @DurationMin(millis = 1)
    Duration dlqAckTimeout();

    /** A JSON file {@code {"pipeline": ["stage", ...], ...}} declared at start-up (idempotent). */
    Optional<Path> pipelinesFile();

    Relay relay();

    Http http();

    /** OpenLineage RunEvents in (POST /api/v1/lineage, {@code cairn.openlineage}). */
    LineageConfig lineage();

    Barrier barrier();

    interface Barrier {
        /**
         * Pause between two reads of the consumer group's offsets (partitions another instance consumes) or of the
         * outbox while the barrier waits.
         */
        @WithDefault("10ms")
        @DurationMin(millis = 1)
        Duration pollInterval();
    }

    Retry retry();

    /**
     * The one retry policy of the ledger (applying a batch, publishing to the DLQ, relaying the outbox): exponential
     * backoff without a limit on attempts, because a passing failure (database or broker down) must never skip work.
     */
    interface Retry {
        /** Pause before the first retry. */
        @WithDefault("100ms")
        @DurationMin(millis = 1)
        Duration initialDelay();

        /** Longest pause between two attempts. */
        @WithDefault("5s")
        @DurationMin(millis = 1)
        Duration maxDelay();

        /** Readiness turns DOWN once an operation has been retried for this long (and says which and why). */
        @WithDefault("2s")
        Duration unreadyAfter();
    }

    interface Relay {
        /** Outbox rows published per round. */
        @WithDefault("2000")
        @Min(1)
        int batchSize();

        /**
         * Largest CompletionRecorded accepted into the outbox, checked in the apply transaction: a change whose record
         * would be larger is refused (HTTP 413, Kafka: DLQ), because the broker would refuse it (its
         * {@code max.message.bytes} is 1 MiB by default). Keep it below the limit of the completions topic.
         */
        @WithDefault("1000000")
        @Min(1024)
        int maxPayload();

        /** Longest wait for a NOTIFY before polling the outbox again. */
        @WithDefault("200ms")
        @DurationMin(millis = 1)
        Duration idleWait();
    }

    interface Http {
        /** Most events accepted in one {@code POST /api/v1/events} array. */
        @WithDefault("10000")
        @Min(1)
        @Max(1_000_000)
        int maxEvents();
    }

    Queries queries();

    /** Pages of the history: {@code GET …/timeline} and {@code GET /api/v1/runs/{id}} (their events). */
    interface Queries {
        /**
         * A page stops taking events once their payload (bodies and other text) reaches this many bytes, whatever
         * {@code limit} asked for; {@code next} continues after its last event. A page holds at least one event.
         */
        @WithDefault("4194304")
        @Min(1)
        long pageBytes();

        /** Rows read from PostgreSQL per round trip while a page is read (a cursor, never the whole result). */
        @WithDefault("64")
        @Min(1)
        @Max(10_000)
        int fetchSize();
    }

    Runs runs();

    /** Runs and their items ({@code /api/v1/runs}, topic {@code cairn.item-events}). */
    interface Runs {
        /** A running run without an item update for this long shows {@code stale: true} (like an expired lease). */
        @WithDefault("1h")
        @DurationMin(millis = 1)
        Duration staleAfter();

        /** The topic of item statuses (key: the run id). */
        @WithDefault(Topics.ITEM_EVENTS)
        @NotBlank
        String itemEventsTopic();

        /** Where item records that can never be applied go, with the same headers as the stage events' DLQ. */
        @WithDefault(Topics.ITEM_EVENTS_DLQ)
        @NotBlank
        String itemEventsDlqTopic();

        /** Most candidate names in one {@code POST /api/v1/runs/{id}/remaining}. */
        @WithDefault("1000000")
        @Min(1)
        int maxCandidates();

        /** S3 HEAD requests in flight at once for {@code verify_outputs=true}. */
        @WithDefault("32")
        @Min(1)
        int verifyConcurrency();

        /** The in-memory index of item statuses that answers {@code remaining} (README, "remaining from memory"). */
        Index index();
    }

    /** {@code cairn.ledger.runs.index.*}. */
    interface Index {
        /**
         * Bytes of item statuses kept over all runs (about 50 MB for 1,000,000 items of 30-byte names); whole runs
         * leave, least recently used first. 0 turns the index off: every {@code remaining} probes the database.
         */
        @WithDefault("134217728")
        @Min(0)
        long maxBytes();

        /**
         * A {@code remaining} request with at least this many candidates reads a run the index misses (or holds at
         * an older version) from the database into the index, then answers from it; a smaller one probes the
         * database for its candidates only.
         */
        @WithDefault("10000")
        @Min(1)
        int buildFrom();
    }
}
