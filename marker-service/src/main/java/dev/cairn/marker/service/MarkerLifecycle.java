package dev.cairn.marker.service;

import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * the rest is written back as read. A server without lifecycle support gets a clear 501, not a stack trace.
 */
@ApplicationScoped
public class MarkerLifecycle {

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

    /** Checks the configured days at start-up; the message names the setting. */
    public static void check(MarkerConfig.Lifecycle l) {
        if (l.standardIaDays() < 30) {
            throw new IllegalStateException(
                    "cairn.marker.lifecycle.standard-ia-days must be at least 30 (S3's minimum), not "
                            + l.standardIaDays());
        }
        if (l.glacierDays() <= l.standardIaDays()) {
            throw new IllegalStateException("cairn.marker.lifecycle.glacier-days (" + l.glacierDays()
                    + ") must be after standard-ia-days (" + l.standardIaDays() + ")");
        }
        if (l.expirationDays() <= l.glacierDays()) {
            throw new IllegalStateException("cairn.marker.lifecycle.expiration-days (" + l.expirationDays()
                    + ") must be after glacier-days (" + l.glacierDays() + ")");
        }
    }

    /** Applies the rule and answers with it, in the document's JSON shape, plus how many other rules were kept. */
    public Map<String, Object> apply() {
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bucket", bucket);
        answer.put(
                "rule",
                Map.of(
                        "ID", settings.ruleId(),
                        "Status", "Enabled",
                        "Filter", Map.of("Prefix", settings.prefix()),
                        "Transitions",
                                List.of(
                                        Map.of("Days", settings.standardIaDays(), "StorageClass", "STANDARD_IA"),
                                        Map.of("Days", settings.glacierDays(), "StorageClass", "GLACIER")),
                        "Expiration", Map.of("Days", settings.expirationDays())));
        answer.put("other_rules_kept", others);
        return answer;
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

    private ApiException unsupportedOr(S3Exception e, String call) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 501 || "NotImplemented".equals(code)) {
            return new ApiException(
                    501,
                    "lifecycle_not_supported",
                    "the S3 server of bucket " + bucket + " does not implement " + call + " (" + code
                            + "); apply the rule with the provider's tools instead");
        }
        return new ApiException(
                502,
                "s3_error",
                call + " on bucket " + bucket + " failed: " + e.statusCode() + " " + code + " "
                        + (e.awsErrorDetails() == null
                                ? e.getMessage()
                                : e.awsErrorDetails().errorMessage()));
    }
}
