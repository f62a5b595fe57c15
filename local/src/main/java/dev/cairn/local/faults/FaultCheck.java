package dev.cairn.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.MarkerKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a scenario left behind, read through public interfaces only (the ledger's and planner's APIs, the topics, the
 * marker bucket), compared with the load's oracle: every project at the final stage, recorded once per event, one
 * marker folder each, a plan that runs none of them, the hostile records and nothing else in the DLQ.
 */
final class FaultCheck {

    /** The figures of one check; all zero means nothing lost, doubled or misplaced. */
    record Figures(
            int lost,
            int duplicated,
            int duplicateFolders,
            int missingFolders,
            int planMismatches,
            int completionsMismatches,
            int dlqMissing,
            int dlqExtra) {
        boolean clean() {
            return lost
                            + duplicated
                            + duplicateFolders
                            + missingFolders
                            + planMismatches
                            + completionsMismatches
                            + dlqMissing
                            + dlqExtra
                    == 0;
        }
    }

    /** Concurrent per-project listings. */
    private static final int LISTERS = 8;

    private final CairnCluster cluster;
    private final CairnClient client;
    /** Per pipeline, the projects already seen with a complete marker folder by {@link #drained}. */
    private final Map<String, Set<String>> withFolder = new ConcurrentHashMap<>();

    FaultCheck(CairnCluster cluster) {
        this.cluster = cluster;
        this.client = new CairnClient(cluster.token());
    }

    Figures check(FaultLoad load) {
        Map<String, JsonNode> states = ledgerStates(load.pipeline());
        String last = FaultLoad.STAGES.get(FaultLoad.STAGES.size() - 1);
        int lost = 0;
        int duplicated = 0;
        for (int p = 0; p < load.projects(); p++) {
            JsonNode s = states.get(FaultLoad.project(p));
            if (s == null || !last.equals(s.path("level").asText())) {
                lost++;
            } else if (s.path("version").asInt() > FaultLoad.STAGES.size()) {
                duplicated++;
            }
        }
        Set<String> expected = new HashSet<>();
        for (int p = 0; p < load.projects(); p++) {
            expected.add(FaultLoad.project(p));
        }
        Set<String> listed = new TreeSet<>(projectFolders(load.pipeline()));
        listed.addAll(expected);
        Map<String, Integer> folders = markerFolders(load.pipeline(), listed);
        int missing = 0;
        int doubled = 0;
        for (String project : expected) {
            int n = folders.getOrDefault(project, 0);
            missing += n == 0 ? 1 : 0;
            doubled += Math.max(0, n - 1);
        }
        doubled += (int)
                folders.keySet().stream().filter(k -> !expected.contains(k)).count();
        int[] dlq = dlq(load);
        return new Figures(
                lost, duplicated, doubled, missing, planMismatches(load), completionsMismatches(load), dlq[0], dlq[1]);
    }

    /**
     * Whether the ledger has every project at the final stage and the marker bucket a folder for each. A project seen
     * with a complete folder is not listed again on the next call (folders are never removed during a scenario).
     */
    boolean drained(FaultLoad load) {
        Map<String, JsonNode> states = ledgerStates(load.pipeline());
        String last = FaultLoad.STAGES.get(FaultLoad.STAGES.size() - 1);
        long done = states.values().stream()
                .filter(s -> last.equals(s.path("level").asText()))
                .count();
        if (done < load.projects()) {
            return false;
        }
        Set<String> seen = withFolder.computeIfAbsent(load.pipeline(), p -> ConcurrentHashMap.newKeySet());
        List<String> unseen = new ArrayList<>();
        for (int p = 0; p < load.projects(); p++) {
            if (!seen.contains(FaultLoad.project(p))) {
                unseen.add(FaultLoad.project(p));
            }
        }
        seen.addAll(markerFolders(load.pipeline(), unseen).keySet());
        return seen.size() >= load.projects();
    }

    /** Projects of {@code pipeline} at the final stage in the ledger without a marker folder yet. */
    int pendingMarkers(String pipeline) {
        String last = FaultLoad.STAGES.get(FaultLoad.STAGES.size() - 1);
        List<String> atLast = ledgerStates(pipeline).entrySet().stream()
                .filter(e -> last.equals(e.getValue().path("level").asText()))
                .map(Map.Entry::getKey)
                .toList();
        return atLast.size() - markerFolders(pipeline, atLast).size();
    }

    Map<String, JsonNode> ledgerStates(String pipeline) {
        Map<String, JsonNode> states = new HashMap<>();
        String after = "";
        do {
            CairnClient.Answer a = client.get(cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/completions?pipeline="
                    + pipeline + "&limit=1000&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            if (a.status() != 200) {
                return states;
            }
            JsonNode page = a.json();
            page.path("items").forEach(i -> states.put(i.path("project").asText(), i));
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return states;
    }

    /**
     * Complete marker folders (holding completion_marker.txt) per project of {@code projects}; a project without one is
     * absent. One small listing per project, several at a time: the file-backed S3 store answers a listing page in
     * time proportional to every key under the prefix, so paging through a whole pipeline's folders grows with the
     * square of its projects (8 s a page of 1,000 keys at 40,000 projects), while a project's own prefix costs ~2 ms.
     * Answers what it has read so far when S3 is down.
     */
    Map<String, Integer> markerFolders(String pipeline, Collection<String> projects) {
        Map<String, Integer> folders = new ConcurrentHashMap<>();
        ExecutorService listers = Executors.newFixedThreadPool(LISTERS);
        try (S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            List<Future<?>> listings = new ArrayList<>();
            for (String project : projects) {
                listings.add(listers.submit(() -> {
                    int n = completeFolders(s3, pipeline, project);
                    if (n > 0) {
                        folders.put(project, n);
                    }
                }));
            }
            for (Future<?> listing : listings) {
                listing.get();
            }
        } catch (ExecutionException | RuntimeException e) {
            return folders; // S3 down: what was seen so far
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return folders;
        } finally {
            listers.shutdownNow();
        }
        return folders;
    }

    private static int completeFolders(S3Client s3, String pipeline, String project) {
        return MarkerKeys.completionMarkers(s3, "completion_markers/" + pipeline + "/" + project + "/")
                .size();
    }

    /** The project folders under the pipeline's marker prefix, whatever they hold (one listing by delimiter). */
    private Set<String> projectFolders(String pipeline) {
        String prefix = "completion_markers/" + pipeline + "/";
        try (S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            return s3
                    .listObjectsV2Paginator(b ->
                            b.bucket(CairnCluster.MARKER_BUCKET).prefix(prefix).delimiter("/"))
                    .commonPrefixes()
                    .stream()
                    .map(c -> c.prefix().substring(prefix.length(), c.prefix().length() - 1))
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return Set.of(); // S3 down: the per-project listings of the expected projects still run
        }
    }

    private int planMismatches(FaultLoad load) {
        List<String> projects = new ArrayList<>();
        for (int p = 0; p < load.projects(); p++) {
            projects.add(FaultLoad.project(p));
        }
        Map<String, Object> body =
                Map.of("pipeline", load.pipeline(), "skip_if_complete", "both", "projects", projects);
        try {
            CairnClient.Answer a = client.post(
                    cluster.url(CairnCluster.Service.PLANNER) + "/api/v1/plan?fresh=true",
                    "application/json",
                    Json.mapper().writeValueAsString(body));
            if (a.status() != 200) {
                return load.projects();
            }
            int wrong = 0;
            for (JsonNode p : a.json().path("projects")) {
                wrong += "complete".equals(p.path("reason").asText()) ? 0 : 1;
            }
            return wrong;
        } catch (Exception e) {
            return load.projects();
        }
    }

    /** Projects whose latest record on cairn.completions is not at the final stage. */
    private int completionsMismatches(FaultLoad load) {
        Map<String, String> latest = new HashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
            for (ConsumerRecord<String, byte[]> r :
                    kafka.readAll(Topics.COMPLETIONS, r -> r.key().startsWith(load.pipeline() + "/"))) {
                latest.put(
                        r.key(),
                        r.value() == null
                                ? null
                                : Json.mapper()
                                        .readTree(r.value())
                                        .path("level")
                                        .asText());
            }
        } catch (Exception e) {
            return load.projects();
        }
        String last = FaultLoad.STAGES.get(FaultLoad.STAGES.size() - 1);
        int wrong = 0;
        for (int p = 0; p < load.projects(); p++) {
            wrong += last.equals(latest.get(Topics.key(load.pipeline(), FaultLoad.project(p), "default"))) ? 0 : 1;
        }
        return wrong;
    }

    /** [hostile records missing from the DLQ, other or repeated DLQ records of the pipeline]. */
    private int[] dlq(FaultLoad load) {
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(
                    Topics.STAGE_EVENTS_DLQ, r -> r.key() != null && r.key().startsWith(load.pipeline() + "/"));
            long hostile = dead.stream()
                    .map(ConsumerRecord::key)
                    .filter(k -> k.contains("/hostile"))
                    .distinct()
                    .count();
            return new int[] {load.hostile() - (int) hostile, dead.size() - (int) hostile};
        }
    }
}
