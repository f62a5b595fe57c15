package dev.cairn.marker.service;

import java.util.ConcurrentModificationException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Tells an S3 failure that passes (server down or slow, throttled, 5xx) from one that never will (403 denied, 400
 * invalid, every folder name taken, a rendering bug): the first is retried without end, the second sends the
 * completion to {@code cairn.markers.dlq} (docs/design.md §5).
 */
public final class S3Failures {

    /** 408 timeout, 409 conflicting operation in progress, 429 slow down. */
    private static final Set<Integer> PASSING_4XX = Set.of(408, 409, 429);

    private S3Failures() {}

    public static boolean isTransient(Throwable failure) {
        if (failure instanceof S3Exception s3) {
            int status = s3.statusCode();
            return status >= 500 || status == 0 || PASSING_4XX.contains(status);
        }
        // connection refused or reset, timeouts: the client never got an answer from S3; a key that vanished between
        // two calls (retention running at the same time) is a race that the next attempt resolves
        return failure instanceof SdkClientException || failure instanceof ConcurrentModificationException;
    }

    /** The {@code cairn-error-code} of a permanent failure. */
    public static String code(Throwable failure) {
        if (failure instanceof NoFreeFolderException) {
            return "no_free_folder";
        }
        if (failure instanceof S3Exception) {
            return "s3_refused";
        }
        return "unwritable";
    }

    /** Every candidate folder name of a completion belongs to another event. */
    public static final class NoFreeFolderException extends IllegalStateException {
        public NoFreeFolderException(String message) {
            super(message);
        }
    }
}
