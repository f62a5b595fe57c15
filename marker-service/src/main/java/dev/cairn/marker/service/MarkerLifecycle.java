package dev.cairn.marker.service;

import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.service.error.DependencyFailedException;
import dev.cairn.service.error.DomainException;
import dev.cairn.service.error.NotSupportedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Applies the markers document's S3 lifecycle rule (Standard-IA after 30 days, Glacier after 90, expiry after 365;
 * configurable) to the marker bucket. The bucket's other rules are kept: the rule with the same id is replaced,
 * the rest is written back as read. A server without lifecycle support is a {@link NotSupportedException}, not a
 * stack trace.
 */
@ApplicationScoped
public class MarkerLifecycle {

    /** The rule as applied to {@code bucket}, and how many other rules of the bucket were kept. */
    public record Applied(String bucket, MarkerConfig.Lifecycle rule, int otherRulesKept) {}

    private final S3Client s3;
    private final String bucket;
    private final MarkerConfig.Lifecycle settings;

    @Inject
    public MarkerLifecycle(S3Client s3, MarkerConfig config) {
        this(s3, config.bucket(), config.lifecycle());
    }

    public MarkerLifecycle(S3Client s3, String bucket, MarkerConfig.Lifecycle settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
    }

    /** Applies the rule; answers it with how many other rules were kept. */
    public Applied apply() {
        List<software.amazon.awssdk.services.s3.model.LifecycleRule> rules = new ArrayList<>(existingRules());
        int others = (int)
                rules.stream().filter(r -> !settings.ruleId().equals(r.id())).count();
        rules.removeIf(r -> settings.ruleId().equals(r.id()));
        rules.add(software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
                .id(settings.ruleId())
                .status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix(settings.prefix()).build())
                .transitions(
                        Transition.builder()
                                .days(settings.standardIaDays())
                                .storageClass(TransitionStorageClass.STANDARD_IA)
                                .build(),
                        Transition.builder()
                                .days(settings.glacierDays())
                                .storageClass(TransitionStorageClass.GLACIER)
                                .build())
                .expiration(LifecycleExpiration.builder()
                        .days(settings.expirationDays())
                        .build())
                .build());
        try {
            s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
        } catch (S3Exception e) {
            throw unsupportedOr(e, "PutBucketLifecycleConfiguration");
        }
        return new Applied(bucket, settings, others);
    }

    private List<software.amazon.awssdk.services.s3.model.LifecycleRule> existingRules() {
        try {
            return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // NoSuchLifecycleConfiguration: the bucket has no rules yet
                return List.of();
            }
            throw unsupportedOr(e, "GetBucketLifecycleConfiguration");
        }
    }

    private DomainException unsupportedOr(S3Exception e, String call) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 501 || "NotImplemented".equals(code)) {
            return new NotSupportedException(
                    "lifecycle_not_supported",
                    "the S3 server of bucket " + bucket + " does not implement " + call + " (" + code
                            + "); apply the rule with the provider's tools instead");
        }
        return new DependencyFailedException(
                "s3_error",
                call + " on bucket " + bucket + " failed: " + e.statusCode() + " " + code + " "
                        + (e.awsErrorDetails() == null
                                ? e.getMessage()
                                : e.awsErrorDetails().errorMessage()));
    }
}
