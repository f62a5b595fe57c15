package dev.cairn.local.faults;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Recovery after a fault, from outside, for the ledger, the marker service and the planner: the seconds from the end of
 * the fault until each shows it works again ({@code -1} when not within ten minutes). Two signs count, whichever comes
 * first:
 * <ul>
 *   <li>progress: the service's own counter of work done ({@code cairn_ledger_events_consumed_total},
 *       {@code cairn_markers_written_total}, {@code cairn_planner_view_records_total}, from {@code /q/metrics}) moved
 *       past its value at the end of the fault (or past its first value, for a service that was down then), and for
 *       the planner a plan is answered; this is the first event applied, marker written and plan answered after the
 *       fault, whatever backlog the fault left;</li>
 *   <li>the probe: one final-stage event of a pipeline of its own sent through Kafka as soon as the fault ends (while
 *       the repair, such as a restart, is still under way), then the ledger shows it applied, its marker folder exists,
 *       a {@code fresh=true} plan answers it complete. This also covers a service with no backlog left to show progress
 *       on. The probe queues behind everything sent before it, so its own times (kept as {@code probe_s}) include the
 *       drain of the fault's backlog: with 40,000 projects that is minutes of markers, not a recovery time.</li>
 * </ul>
 * All six are polled side by side from the end of the fault, so that none is counted after another.
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

    /** Seconds after {@code ended}: [applied, marker, plan] by either sign, then the probe's own [applied, marker, plan]. */
    double[] measure(Instant ended) {
        BooleanSupplier applied =
                progress(CairnCluster.Service.LEDGER, "cairn_ledger_events_consumed_total", () -> true);
        BooleanSupplier written = progress(CairnCluster.Service.MARKER, "cairn_markers_written_total", () -> true);
        BooleanSupplier planned = progress(
                CairnCluster.Service.PLANNER,
                "cairn_planner_view_records_total",
                () -> client.post(
                                        cluster.url(CairnCluster.Service.PLANNER) + "/api/v1/plan",
                                        "application/json",
                                        "{\"pipeline\": \"" + load.pipeline() + "\", \"projects\": [\""
                                                + FaultLoad.project(0) + "\"]}")
                                .status()
                        == 200);
        var e = load.event("probe", "s2", Instant.parse("2026-01-02T00:00:00Z"));
        e.put("pipeline", pipeline);
        e.put("event_id", pipeline + "-probe-s2");
        // sent as the repair starts, so a broker that is still starting makes the send wait (or fail and go again)
        CompletableFuture<Boolean> sent =
                CompletableFuture.supplyAsync(() -> FaultMatrix.until(Duration.ofMinutes(10), () -> {
                    try (KafkaTestClient kafka =
                            new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
                        kafka.send(Topics.STAGE_EVENTS, Topics.key(pipeline, "probe", "default"), e.toString());
                        return true;
                    }
                }));
        String ledger = cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/completions/" + pipeline + "/probe";
        String body = "{\"pipeline\": \"" + pipeline + "\", \"skip_if_complete\": \"both\", \"projects\": [\"probe\"]}";
        double[] six = sinceEach(
                ended,
                Duration.ofMinutes(10),
                applied,
                written,
                planned,
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
        sent.join();
        double[] result = new double[6];
        for (int i = 0; i < 3; i++) {
            result[i] = earliest(six[i], six[i + 3]);
            result[i + 3] = six[i + 3];
        }
        return result;
    }

    /** The earlier of two times where {@code -1} means never. */
    static double earliest(double a, double b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    /**
     * A condition that holds once {@code counter} on {@code service} has moved past its value at the first read that
     * answered (taken now, at the end of the fault, or once the service answers again) and {@code answering} holds.
     */
    private BooleanSupplier progress(CairnCluster.Service service, String counter, BooleanSupplier answering) {
        double[] base = {Metrics.value(cluster.url(service), counter, "")};
        return () -> {
            double now = Metrics.value(cluster.url(service), counter, "");
            if (Double.isNaN(now)) {
                return false;
            }
            if (Double.isNaN(base[0])) {
                base[0] = now;
                return false;
            }
            return now > base[0] && answering.getAsBoolean();
        };
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
