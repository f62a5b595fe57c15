package dev.cairn.ledger;

import dev.cairn.devstack.CairnDevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every {@code @QuarkusTest} of this module runs against the devstack's real Kafka and PostgreSQL; PostgreSQL is
 * reached through a TCP proxy so that a test can make it unavailable for a while.
 */
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,postgres,s3"),
            @ResourceArg(name = "proxied", value = "postgres")
        })
public final class DevStackForLedgerTests {
    private DevStackForLedgerTests() {}
}
