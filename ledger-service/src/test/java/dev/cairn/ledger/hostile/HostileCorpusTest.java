package dev.cairn.ledger.hostile;

import dev.cairn.devstack.hostile.HostileCorpus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of the ledger's hostile corpus ({@code devstack}'s {@code hostile/ledger.jsonl}) sent byte for byte to
 * the ledger running on the devstack's Kafka and PostgreSQL: each is refused with its status and error code in the
 * problem format, and nothing is applied: the event history, the project states and the pipeline declarations are
 * the same before and after (no event row means no outbox row, so nothing reaches {@code cairn.completions}).
 */
@QuarkusTest
@TestProfile(HostileCorpusTest.Tokens.class)
class HostileCorpusTest {

    /** The corpus' tokens instead of the module's test token. */
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

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    DataSource db;

    static List<HostileCorpus.Entry> entries() {
        return HostileCorpus.load("ledger");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refusedWithItsReasonAndNothingApplied(HostileCorpus.Entry entry) {
        entry.assertRefusedAndNothingApplied(
                port,
                () -> HostileCorpus.row(
                        db,
                        "SELECT (SELECT count(*) FROM ledger.event), "
                                + "(SELECT coalesce(sum(version), 0) FROM ledger.project_state), "
                                + "(SELECT coalesce(string_agg(name || '=' || stages::text, ',' ORDER BY name), '') "
                                + "FROM ledger.pipeline)"));
    }
}
