package dev.cairn.bootstrap.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.service.postgres.AdvisoryLock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One worker per scan: the advisory lock on real PostgreSQL is exclusive across sessions and free again once released. */
@QuarkusTest
@QuarkusTestResource(LedgerProcessResource.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = @ResourceArg(name = "services", value = "kafka,postgres,s3"))
class ScanLocksTest {

    @Inject
    ScanLocks locks;

    @Test
    void aScanLockIsHeldByOneSessionAtATime() {
        UUID scan = UUID.randomUUID();
        Optional<AdvisoryLock> first = locks.tryLock(scan);
        assertThat(first).isPresent();
        assertThat(first.get().isValid()).isTrue();
        assertThat(locks.tryLock(scan))
                .as("a second worker (another session) must not get it")
                .isEmpty();
        try (AdvisoryLock other = locks.tryLock(UUID.randomUUID()).orElseThrow()) {
            assertThat(other.isValid()).isTrue();
        }
        first.get().close();
        Optional<AdvisoryLock> again = locks.tryLock(scan);
        assertThat(again).as("free again once released").isPresent();
        again.get().close();
    }
}
