package dev.cairn.local.faults;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Recovery after a fault, from outside: one final-stage event of a pipeline of its own sent through Kafka as soon as the
 * fault ends (while the repair, such as a restart, is still under way), then the seconds until the ledger shows it
 * applied, its marker folder exists, and a {@code fresh=true} plan answers it complete ({@code -1} when not within ten
 * minutes). The three are polled side by side from the end of the fault, so that none is counted after another.
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
        String body = "{\"pipeline\": \"" + pipeline + "\", \"skip_if_complete\": \"both\", \"projects\": [\"probe\"]}";
        return sinceEach(
                ended,
                Duration.ofMinutes(10),
                () -> {
                    CairnClient.Answer a = client.get(ledger);
                    return a.status() == 200
                            && "s2".equals(a.json().path("level").asText());
                },
                () -> new FaultCheck(cluster)
                        .markerFolders(pipeline, List.of("probe"))
                        .containsKey("probe"),
                () -> {
                    CairnClient.Answer a = client.post(
                            cluster.url(CairnCluster.Service.PLANNER) + "/api/v1/plan?fresh=true",
                            "application/json",
                            body);
                    return a.status() == 200
                            && "complete"
                                    .equals(a.json()
                                            .path("projects")
                                            .path(0)
                                            .path("reason")
                                            .asText());
                });
    }

    /**
     * Seconds from {@code ended} until each condition first holds ({@code -1}: not within {@code timeout}), every one
     * polled from the start on its own thread: a slow condition (a fresh plan waits for the ledger's barrier) is not
     * counted after the others, nor the others after it.
     */
    static double[] sinceEach(Instant ended, Duration timeout, BooleanSupplier... conditions) {
        ExecutorService pollers = Executors.newFixedThreadPool(conditions.length);
        try {
            List<CompletableFuture<Double>> each = new ArrayList<>();
            for (BooleanSupplier c : conditions) {
                each.add(CompletableFuture.supplyAsync(() -> since(ended, timeout, c), pollers));
            }
            return each.stream().mapToDouble(CompletableFuture::join).toArray();
        } finally {
            pollers.shutdownNow();
        }
    }

    private static double since(Instant ended, Duration timeout, BooleanSupplier done) {
        if (!FaultMatrix.until(timeout, done)) {
            return -1;
        }
        return Duration.between(ended, Instant.now()).toMillis() / 1000.0;
    }
}
