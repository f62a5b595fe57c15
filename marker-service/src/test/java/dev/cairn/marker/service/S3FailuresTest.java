package dev.cairn.marker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ConcurrentModificationException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 failures are retried without end and which send the completion to the DLQ. */
class S3FailuresTest {

    @Test
    void serverErrorsThrottlingTimeoutsAndUnansweredCallsPass() {
        for (int status : new int[] {500, 502, 503, 504, 408, 409, 429}) {
            assertThat(S3Failures.isTransient(s3(status))).as("HTTP " + status).isTrue();
        }
        assertThat(S3Failures.isTransient(SdkClientException.create("Connection refused")))
                .isTrue();
        assertThat(S3Failures.isTransient(new ConcurrentModificationException("vanished after 412")))
                .isTrue();
    }

    @Test
    void deniedInvalidNoFreeFolderAndRenderingBugsNeverPass() {
        for (int status : new int[] {400, 403, 404, 405, 411}) {
            assertThat(S3Failures.isTransient(s3(status))).as("HTTP " + status).isFalse();
            assertThat(S3Failures.code(s3(status))).isEqualTo("s3_refused");
        }
        assertThat(S3Failures.isTransient(new S3Failures.NoFreeFolderException("all taken")))
                .isFalse();
        assertThat(S3Failures.code(new S3Failures.NoFreeFolderException("all taken")))
                .isEqualTo("no_free_folder");
        assertThat(S3Failures.isTransient(new NullPointerException())).isFalse();
        assertThat(S3Failures.code(new IllegalArgumentException())).isEqualTo("unwritable");
    }

    private static S3Exception s3(int status) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message("HTTP " + status)
                .build();
    }
}
