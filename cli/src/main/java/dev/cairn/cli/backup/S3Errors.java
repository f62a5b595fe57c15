package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns what the AWS SDK throws into the CLI's exit codes, naming what to fix. */
final class S3Errors {

    private static final Set<String> CREDENTIALS = Set.of(
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "AccessDenied",
            "InvalidToken",
            "ExpiredToken",
            "TokenRefreshRequired");
    private static final Set<String> DIGEST =
            Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "InvalidRequest");

    private S3Errors() {}

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether S3 refused a body because it does not match the checksums sent with it. */
    static boolean isDigestMismatch(Throwable t) {
        return unwrap(t) instanceof S3Exception e
                && e.statusCode() == 400
                && (e.awsErrorDetails() == null
                        || e.awsErrorDetails().errorCode() == null
                        || DIGEST.contains(e.awsErrorDetails().errorCode()));
    }

    static CliException toCli(Throwable failure, String what, String bucket) {
        Throwable t = unwrap(failure);
        if (t instanceof CliException c) {
            return c;
        }
        if (t instanceof S3Exception e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            if ("NoSuchBucket".equals(code) || e.statusCode() == 404 && what.startsWith("bucket")) {
                return CliException.usage("--bucket", "bucket '" + bucket + "' does not exist");
            }
            if (e.statusCode() == 403 || CREDENTIALS.contains(code)) {
                return CliException.usage(
                        "S3 credentials",
                        what + ": S3 refused the credentials or the permission (HTTP " + e.statusCode()
                                + (code != null ? " " + code : "") + "); check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                                + " AWS_PROFILE or the role, and s3:PutObject/s3:ListBucket on " + bucket);
            }
            return CliException.failed(what + ": S3 answered HTTP " + e.statusCode() + (code != null ? " " + code : "")
                    + ": " + e.getMessage());
        }
        if (t instanceof SdkClientException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Unable to load credentials")) {
                return CliException.usage(
                        "S3 credentials",
                        "none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                                + " AWS_PROFILE, or run with a role (" + firstLine(m) + ")");
            }
            if (m.contains("Unable to load region")) {
                return CliException.usage("--s3-region", "no region: pass --s3-region or set AWS_REGION");
            }
            return CliException.unreachable(what + ": S3 is unreachable after retries: " + firstLine(m), e);
        }
        return CliException.failed(what + ": " + t);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
