package dev.cairn.bootstrap.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bootstrap.store.ScanStopped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class TransientRetryTest {

    private final TransientRetry retry = new TransientRetry(4, Duration.ofMillis(1), Duration.ofMillis(4));

    private static S3Exception status(int code) {
        return (S3Exception)
                S3Exception.builder().statusCode(code).message("HTTP " + code).build();
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        String result = retry.call("list", () -> false, () -> {
            if (calls.incrementAndGet() < 3) {
                throw calls.get() == 1 ? SdkClientException.create("Connection reset") : status(503);
            }
            return "page";
        });
        assertThat(result).isEqualTo("page");
        assertThat(calls).hasValue(3);
    }

    @Test
    void permanentFailuresFailAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("list", () -> false, () -> {
                    calls.incrementAndGet();
                    throw NoSuchBucketException.builder()
                            .statusCode(404)
                            .message("no bucket")
                            .build();
                }))
                .isInstanceOf(TransientRetry.S3CallFailed.class)
                .hasMessageContaining("HTTP 404");
        assertThat(calls).hasValue(1);
    }

    @Test
    void transientFailuresGiveUpAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("list", () -> false, () -> {
                    calls.incrementAndGet();
                    throw status(500);
                }))
                .isInstanceOf(TransientRetry.S3CallFailed.class)
                .hasMessageContaining("after 4 attempts");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aStoppedScanStopsRetrying() {
        assertThatThrownBy(() -> retry.call("list", () -> true, () -> "never")).isInstanceOf(ScanStopped.class);
    }

    @Test
    void classification() {
        assertThat(TransientRetry.isTransient(status(500))).isTrue();
        assertThat(TransientRetry.isTransient(status(503))).isTrue();
        assertThat(TransientRetry.isTransient(status(429))).isTrue();
        assertThat(TransientRetry.isTransient(status(403))).isFalse();
        assertThat(TransientRetry.isTransient(status(400))).isFalse();
        assertThat(TransientRetry.isTransient(SdkClientException.create("timeout")))
                .isTrue();
        assertThat(TransientRetry.isTransient(new IllegalStateException())).isFalse();
    }

    @Test
    void aPageThatCannotBeParsedIsAPermanentProblemNamingItsRangeAndIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("ListObjectsV2 s3://b/p/ after p/m1/", () -> false, () -> {
                    calls.incrementAndGet();
                    throw SdkClientException.create(
                            "Unable to unmarshall response (ParseError at [row,col]:[1,300]). Response Code: 200",
                            new javax.xml.stream.XMLStreamException("An invalid XML character (Unicode: 0x1)"));
                }))
                .isInstanceOf(TransientRetry.S3CallFailed.class)
                .hasMessageContaining("after p/m1/")
                .hasMessageContaining("could not be parsed")
                .hasMessageContaining("not retried");
        assertThat(calls).hasValue(1);
    }
}
