package dev.cairn.marker.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.service.FolderTemplate;
import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.store.MarkerBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Readiness lists a folder of the bucket that holds no markers: its cost must not grow with the marker folders (an S3
 * server that walks its store, such as S3Proxy's filesystem store, answered a listing of the whole marker prefix in 56 s
 * with ~7,500 folders).
 */
class MarkerBucketHealthCheckTest {

    /** A bucket whose listing of a prefix fails with a timeout when the prefix covers a marker folder. */
    private static final class Bucket extends MarkerBucket {
        final List<String> markerKeys = new ArrayList<>();
        final List<String> listed = new ArrayList<>();

        Bucket() {
            super(null, "cairn-markers");
        }

        @Override
        public void ping(String prefix, Duration timeout) {
            listed.add(prefix);
            if (markerKeys.stream().anyMatch(k -> k.startsWith(prefix))) {
                throw new IllegalStateException("Client execution did not complete before " + timeout);
            }
        }
    }

    @Test
    void listsInsideTheMarkerPrefixButUnderNoMarkerFolder() {
        MarkerRules rules = MarkerRules.of(MarkerConfig.DEFAULT_TEMPLATE, Map.of(), Map.of());
        FolderTemplate template = rules.templates().get(0);
        Bucket bucket = new Bucket();
        for (String pipeline : List.of("a", "Z9", "0-pipe", "p.x_y")) {
            bucket.markerKeys.add(
                    template.render(new FolderTemplate.Values(pipeline, "p000001", "default", "s2", "20260101_000000"))
                            + "completion_marker.txt");
        }

        HealthCheckResponse answer = new MarkerBucketHealthCheck(bucket, rules).call();

        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        // inside what the marker's IAM policy lets it list
        assertThat(bucket.listed).singleElement().asString().startsWith(template.staticPrefix());
    }
}
