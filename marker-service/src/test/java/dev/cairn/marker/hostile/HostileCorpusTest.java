package dev.cairn.marker.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.hostile.HostileCorpus;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of the marker service's hostile corpus ({@code devstack}'s {@code hostile/marker.jsonl}) sent byte for
 * byte to the service on the devstack's Kafka and S3: each is refused with its status and error code in the problem
 * format, and the marker folders are untouched. A marker folder 1,000 days old is written first, so an attack that
 * got a retention sweep with {@code dry_run=false} through would delete it. The entries coming in over Kafka
 * (completions on {@code cairn.completions} with a time out of the window or an absurd count) must each reach
 * {@code cairn.markers.dlq} with their reason, with the same keys under {@code completion_markers/} before and after.
 */
@QuarkusTest
@TestProfile(HostileCorpusTest.Tokens.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
class HostileCorpusTest extends MarkerServiceFixture {

    /**
     * The corpus' tokens. Not in the module's test configuration: the other tests run with no token, that is with
     * auth off, and these tokens would turn it on for all of them. The profile costs no Quarkus start of its own: the
     * class starts Quarkus anyway, as every class whose test resource is restricted to it does.
     */
    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cairn.auth.tokens",
                    HostileCorpus.AUTH_TOKENS,
                    "%test.cairn.auth.tokens",
                    HostileCorpus.AUTH_TOKENS);
        }
    }

    private static boolean oldMarkerWritten;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    static List<HostileCorpus.Entry> entries() {
        return HostileCorpus.load("marker").stream().filter(e -> !e.kafka()).toList();
    }

    static List<HostileCorpus.Entry> kafkaEntries() {
        return HostileCorpus.load("marker").stream()
                .filter(HostileCorpus.Entry::kafka)
                .toList();
    }

    @Test
    void theCorpusHasBothWaysIn() {
        assertThat(entries()).hasSizeGreaterThanOrEqualTo(19);
        assertThat(kafkaEntries()).hasSizeGreaterThanOrEqualTo(16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refusedWithItsReasonAndNoMarkerChanged(HostileCorpus.Entry entry) {
        writeOldMarkerOnce();
        entry.assertRefusedAndNothingApplied(port, () -> bucket.keys("completion_markers/"));
    }

    /**
     * A completion record with an impossible time or count reaches {@code cairn.markers.dlq} with its reason; no key
     * under {@code completion_markers/} appears or goes, and no MarkerWritten is published for it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kafkaEntries")
    void deadLetteredWithItsReasonAndNoFolderWritten(HostileCorpus.Entry entry) {
        writeOldMarkerOnce();
        entry.assertDeadLetteredAndNothingApplied(
                kafka, Topics.MARKERS_DLQ, Duration.ofSeconds(60), () -> bucket.keys("completion_markers/"));
        assertThat(kafka.readAll(Topics.MARKERS, r -> entry.key().equals(r.key())))
                .as(entry.name() + ": MarkerWritten")
                .isEmpty();
    }

    private void writeOldMarkerOnce() {
        if (!oldMarkerWritten) {
            String project = Completions.project("hostile.old");
            writeMarker(project, "ev-hostile-" + project, Instant.now().minus(Duration.ofDays(1000)));
            oldMarkerWritten = true;
        }
        assertThat(bucket.keys("completion_markers/")).isNotEmpty();
    }
}
