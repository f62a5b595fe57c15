package dev.cairn.planner.hostile;

import static org.awaitility.Awaitility.await;

import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.hostile.HostileCorpus;
import dev.cairn.devstack.hostile.RawHttp;
import dev.cairn.planner.store.CompletionView;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of the planner's hostile corpus ({@code devstack}'s {@code hostile/planner.jsonl}) sent byte for byte
 * to the planner on the devstack's Kafka: each is refused with its status and error code in the problem format, and
 * the view (its keys and footprint) is the same before and after. Each entry waits for readiness first: the view of
 * what earlier test classes published must be loaded before it can be compared.
 */
@QuarkusTest
@TestProfile(HostileCorpusTest.Tokens.class)
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class HostileCorpusTest {

    /**
     * The corpus' tokens. Not in the module's test configuration: the other tests run with no token, that is with
     * auth off, and these tokens would turn it on for all of them; so Quarkus starts a second time for this class.
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

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    CompletionView view;

    static List<HostileCorpus.Entry> entries() {
        return HostileCorpus.load("planner");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refusedWithItsReasonAndTheViewUnchanged(HostileCorpus.Entry entry) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> RawHttp.send(port, "GET /q/health/ready HTTP/1.1", new byte[0])
                                .status()
                        == 200);
        entry.assertRefusedAndNothingApplied(port, () -> List.of((long) view.keys(), view.footprintBytes()));
    }
}
