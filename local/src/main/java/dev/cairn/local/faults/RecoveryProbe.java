package dev.cairn.local.faults;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import java.time.Duration;
import java.time.Instant;

/**
 * Recovery after a fault, from outside: one final-stage event of a pipeline of its own sent through Kafka as soon as the
 * fault ends (while the repair, such as a restart, is still under way), then the seconds until the ledger shows it applied, its marker folder exists, and a {@code fresh=true}
 * plan answers it complete ({@code -1} when not within ten minutes).
 */
final class RecoveryProbe {

    private final CairnCluster cluster;
    private final CairnClient client;
    private final String pipeline;
    private final FaultLoad load;

    RecoveryProbe(CairnCluster cluster, FaultLoad load) {
        this.cluster = cluster;
        this.client = new CairnClient(cluster.token());
        this.load = load;
        this.pipeline = load.pipeline() + "-probe";
        client.put(
                cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/pipelines/" + pipeline,
                "{\"stages\": [\"s1\", \"s2\"]}");
    }

    /** [applied_s, marker_s, plan_s] after {@code ended}. */
    double[] measure(Instant ended) {
        var e = load.event("probe", "s2", Instant.parse("2026-01-02T00:00:00Z"));
        e.put("pipeline", pipeline);
        e.put("event_id", pipeline + "-probe-s2");
        // sent as the repair starts, so a broker that is still starting makes the send wait (or fail and go again)
        FaultMatrix.until(Duration.ofMinutes(10), () -> {
            try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
                kafka.send(Topics.STAGE_EVENTS, Topics.key(pipeline, "probe", "default"), e.toString());
                return true;
            }
        });
        String ledger = cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/completions/" + pipeline + "/probe";
        double applied = since(ended, () -> {
            CairnClient.Answer a = client.get(ledger);
            return a.status() == 200 && "s2".equals(a.json().path("level").asText());
        });
        double marker = since(
                ended, () -> new FaultCheck(cluster).markerFolders(pipeline).containsKey("probe"));
        String body = "{\"pipeline\": \"" + pipeline + "\", \"skip_if_complete\": \"both\", \"projects\": [\"probe\"]}";
        double plan = since(ended, () -> {
            CairnClient.Answer a = client.post(
                    cluster.url(CairnCluster.Service.PLANNER) + "/api/v1/plan?fresh=true", "application/json", body);
            return a.status() == 200
                    && "complete"
                            .equals(a.json()
                                    .path("projects")
                                    .path(0)
                                    .path("reason")
                                    .asText());
        });
        return new double[] {applied, marker, plan};
    }

    private static double since(Instant ended, java.util.function.BooleanSupplier done) {
        if (!FaultMatrix.until(Duration.ofMinutes(10), done)) {
            return -1;
        }
        return Duration.between(ended, Instant.now()).toMillis() / 1000.0;
    }
}
