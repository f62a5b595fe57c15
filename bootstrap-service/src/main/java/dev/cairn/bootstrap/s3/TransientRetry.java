package dev.cairn.bootstrap.s3;

import dev.cairn.bootstrap.store.ScanStopped;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Runs an S3 call again after transient failures (5xx, 429/503 throttling, connection errors and timeouts), pausing
 * with exponential backoff, at most {@code cairn.bootstrap.s3-retry.max-attempts} times; any other failure (403,
 * NoSuchBucket, a bad continuation token...) is thrown at once. The bootstrap service's one retry policy, on the
 * Failsafe library like the other services'; the AWS SDK's own retries (3 attempts) run inside each attempt. Checks
 * {@code stopped} before each attempt.
 */
public final class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Runnable onRetry;

    public TransientRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this(maxAttempts, initialBackoff, maxBackoff, () -> {});
    }

    /** {@code onRetry} runs before each pause (a metric). */
    public TransientRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Runnable onRetry) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.onRetry = onRetry;
    }

    public <T> T call(String what, BooleanSupplier stopped, Supplier<T> call) {
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf(e -> isTransient(e) && !isUnparsable(e))
                .withBackoff(
                        initialBackoff,
                        maxBackoff.compareTo(initialBackoff) > 0 ? maxBackoff : initialBackoff.plusMillis(1))
                .withMaxAttempts(maxAttempts)
                .onRetry(e -> {
                    LOG.warnf(
                            "%s failed (attempt %d of %d), retrying: %s",
                            what, e.getAttemptCount(), maxAttempts, describe(e.getLastException()));
                    onRetry.run();
                })
                .build();
        AtomicInteger attempts = new AtomicInteger();
        try {
            return Failsafe.with(policy).get(() -> {
                checkStopped(stopped);
                attempts.incrementAndGet();
                return call.get();
            });
        } catch (ScanStopped e) {
            throw e;
        } catch (FailsafeException e) {
            Thread.currentThread().interrupt();
            throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "interrupted while waiting to retry S3");
        } catch (RuntimeException e) {
            if (isUnparsable(e)) {
                throw new S3CallFailed(
                        what + ": the answer could not be parsed, a permanent problem with this key range (not "
                                + "retried): " + describe(e),
                        e);
            }
            int n = attempts.get();
            throw n > 1
                    ? new S3CallFailed(what + " failed after " + n + " attempts: " + describe(e), e)
                    : new S3CallFailed(what + " failed: " + describe(e), e);
        }
    }

    /** 5xx and throttling answers, and client-side errors (connection refused or reset, timeouts). */
    public static boolean isTransient(Throwable e) {
        if (e instanceof SdkServiceException s) {
            return s.statusCode() >= 500 || s.statusCode() == 429 || s.isThrottlingException();
        }
        return e instanceof SdkClientException;
    }

    /** An answer the SDK could not read (malformed XML): the same page would fail the same way again. */
    public static boolean isUnparsable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            if (name.startsWith("javax.xml.stream.")
                    || name.startsWith("org.xml.sax.")
                    || message.contains("Unable to unmarshall")
                    || message.contains("Unable to parse")) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable e) {
        if (e instanceof SdkServiceException s) {
            return "HTTP " + s.statusCode() + " " + s.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void checkStopped(BooleanSupplier stopped) {
        if (stopped.getAsBoolean()) {
            throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "stopped while waiting for S3");
        }
    }

    /** An S3 call that failed for good: the scan fails with this message. */
    public static final class S3CallFailed extends RuntimeException {
        public S3CallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
