package dev.cairn.marker.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.service.MarkerLifecycle;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/markers/lifecycle}: the rule in the markers document's JSON shape (S3's
 * {@code ID}, {@code Status}, {@code Filter}, {@code Transitions}, {@code Expiration}), the bucket, and how many of
 * the bucket's other rules were kept.
 */
public record LifecycleResponse(String bucket, Rule rule, int otherRulesKept) {

    @JsonPropertyOrder({"ID", "Status", "Filter", "Transitions", "Expiration"})
    public record Rule(
            @JsonProperty("ID") String id,
            @JsonProperty("Status") String status,
            @JsonProperty("Filter") Filter filter,
            @JsonProperty("Transitions") List<Transition> transitions,
            @JsonProperty("Expiration") Expiration expiration) {}

    public record Filter(@JsonProperty("Prefix") String prefix) {}

    @JsonPropertyOrder({"Days", "StorageClass"})
    public record Transition(
            @JsonProperty("Days") int days,
            @JsonProperty("StorageClass") String storageClass) {}

    public record Expiration(@JsonProperty("Days") int days) {}

    static LifecycleResponse of(MarkerLifecycle.Applied applied) {
        MarkerConfig.Lifecycle l = applied.rule();
        Rule rule = new Rule(
                l.ruleId(),
                "Enabled",
                new Filter(l.prefix()),
                List.of(new Transition(l.standardIaDays(), "STANDARD_IA"), new Transition(l.glacierDays(), "GLACIER")),
                new Expiration(l.expirationDays()));
        return new LifecycleResponse(applied.bucket(), rule, applied.otherRulesKept());
    }
}
