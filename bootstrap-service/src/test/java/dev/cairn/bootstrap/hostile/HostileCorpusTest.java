package dev.cairn.bootstrap.hostile;

import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.hostile.HostileCorpus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
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
 * Every entry of the bootstrap's hostile corpus ({@code devstack}'s {@code hostile/bootstrap.jsonl}) sent byte for
 * byte to the service on the devstack's Kafka, PostgreSQL and S3: each is refused with its status and error code in
 * the problem format, and no scan, source or match row was written.
 */
@QuarkusTest
@TestProfile(HostileCorpusTest.Tokens.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,postgres,s3"),
            @ResourceArg(name = "buckets", value = "bootstrap-internal,bootstrap-public")
        })
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
    DataSource db;

    static List<HostileCorpus.Entry> entries() {
        return HostileCorpus.load("bootstrap");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refusedWithItsReasonAndNoScanStored(HostileCorpus.Entry entry) {
        entry.assertRefusedAndNothingApplied(
                port,
                () -> HostileCorpus.row(
                        db,
                        "SELECT (SELECT count(*) FROM bootstrap.scan), (SELECT count(*) FROM bootstrap.scan_source), "
                                + "(SELECT count(*) FROM bootstrap.scan_match)"));
    }
}
