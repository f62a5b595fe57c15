package dev.cairn.marker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.marker.service.Retrier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class MarkerWriterHealthCheckTest {

    @Test
    void downWhileACallKeepsFailingUpOnceItSucceeds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Retrier retrier = new Retrier(Duration.ofMillis(5), Duration.ofMillis(20), registry);
        MarkerWriterHealthCheck health = new MarkerWriterHealthCheck(retrier, Duration.ofMillis(100));
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        AtomicBoolean s3Back = new AtomicBoolean();
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> retrier.untilDone("s3.put", "k", () -> {
            if (!s3Back.get()) {
                throw SdkClientException.create("Connection refused");
            }
            return "done";
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> health.call().getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(health.call().getData().orElseThrow().get("call").toString())
                .contains("s3.put k")
                .contains("Connection refused");

        s3Back.set(true);
        assertThat(call.join()).isEqualTo("done");
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(registry.get("cairn.marker.retries")
                        .tag("operation", "s3.put")
                        .counter()
                        .count())
                .isPositive();
    }
}
