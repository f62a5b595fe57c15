package dev.cairn.ledger.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.hostile.HostileCorpus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of the ledger's hostile corpus ({@code devstack}'s {@code hostile/ledger.jsonl}) sent byte for byte to
 * the ledger running on the devstack's Kafka and PostgreSQL: each is refused with its status and error code in the
 * problem format, and nothing is applied: the event history, the project states and the pipeline declarations are
 * the same before and after (no event row means no outbox row, so nothing reaches {@code cairn.completions}).
 * An entry coming in over Kafka ({@code cairn.stage-events}) must reach {@code cairn.stage-events.dlq} with its reason,
 * the same state checks hold, and the end offsets of {@code cairn.completions} do not move.
 */
@QuarkusTest
class HostileCorpusTest {

    /**
     * The corpus' tokens, which the module's test configuration accepts besides its own (no test profile of its own:
     * Quarkus would start again for this class).
     */
    @ConfigProperty(name = "cairn.auth.tokens")
    List<String> tokens;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    DataSource db;

    static List<HostileCorpus.Entry> entries() {
        return HostileCorpus.load("ledger").stream().filter(e -> !e.kafka()).toList();
    }

    static List<HostileCorpus.Entry> kafkaEntries() {
        return HostileCorpus.load("ledger").stream()
                .filter(HostileCorpus.Entry::kafka)
                .toList();
    }

    @org.junit.jupiter.api.Test
    void theConfigurationAcceptsTheCorpusTokens() {
        assertThat(tokens).containsAll(List.of(HostileCorpus.AUTH_TOKENS.split(",")));
    }

    @org.junit.jupiter.api.Test
    void theCorpusHasBothWaysIn() {
        assertThat(entries()).hasSizeGreaterThanOrEqualTo(36);
        assertThat(kafkaEntries()).hasSizeGreaterThanOrEqualTo(20);
    }

    private List<String> stored() {
        return HostileCorpus.row(
                db,
                "SELECT (SELECT count(*) FROM ledger.event), "
                        + "(SELECT coalesce(sum(version), 0) FROM ledger.project_state), "
                        + "(SELECT coalesce(string_agg(name || '=' || stages::text, ',' ORDER BY name), '') "
                        + "FROM ledger.pipeline)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refusedWithItsReasonAndNothingApplied(HostileCorpus.Entry entry) {
        entry.assertRefusedAndNothingApplied(port, this::stored);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kafkaEntries")
    void deadLetteredWithItsReasonAndNothingPublished(HostileCorpus.Entry entry) {
        // whatever earlier tests left in the outbox is published first, so that the end offsets stand still
        await().atMost(Duration.ofSeconds(60))
                .until(() -> HostileCorpus.row(db, "SELECT count(*) FROM ledger.outbox")
                        .get(0)
                        .equals("0"));
        try (KafkaTestClient client = new KafkaTestClient(kafka)) {
            Map<TopicPartition, Long> completions = client.endOffsets(Topics.COMPLETIONS);
            entry.assertDeadLetteredAndNothingApplied(
                    client, Topics.STAGE_EVENTS_DLQ, Duration.ofSeconds(60), this::stored);
            assertThat(HostileCorpus.row(db, "SELECT count(*) FROM ledger.outbox"))
                    .containsExactly("0");
            assertThat(client.endOffsets(Topics.COMPLETIONS))
                    .as(entry.name() + ": cairn.completions end offsets")
                    .isEqualTo(completions);
        }
    }
}
