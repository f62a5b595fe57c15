package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Read your writes (docs/design.md §6): the packaged ledger and planner as processes on the devstack. A {@code fresh=true}
 * plan asked right after an event was acknowledged — {@code 201} over HTTP, or the broker's ack on
 * {@code cairn.stage-events} — must already count it: the project, complete, is not run again. Any other answer is
 * counted as stale; there must be none. Last, with the ledger stopped, a fresh plan is a bounded {@code 503}. The
 * services are the {@link SharedCluster}'s, of which it stops all but the ledger and the planner (SharedCluster starts
 * them again if a class runs after this one); this class keeps to projects http-*, kafka-*, c*-* and bg-*.
 */
@ExtendWith(SharedCluster.class)
@Order(Integer.MAX_VALUE) // last of the module's ITs: it stops the shared ledger
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshPlanIT {

    static final String PIPELINE = "photogrammetry";
    static final int PAIRS = 1000;
    static final int CLIENTS = 8;
    /** Background load through Kafka during the concurrent test: modest here, 2,000 events/s in the bench. */
    static final int LOAD_PER_SECOND = 300;

    static final Instant T0 = Instant.parse("2025-09-12T14:30:22Z");
    static CairnCluster cluster;
    static CairnClient http;

    @BeforeAll
    static void start() {
        cluster = SharedCluster.cluster();
        // the ledger and the planner are what this class needs; the marker would write a folder for each of its
        // thousands of completions, on the same cores (SharedCluster starts both again for a class after this one)
        cluster.app(CairnCluster.Service.MARKER).stop(15);
        cluster.app(CairnCluster.Service.BOOTSTRAP).stop(15);
        http = new CairnClient(cluster.token());
        CairnClient.Answer declared = http.put(
                cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/pipelines/" + PIPELINE,
                "{\"stages\": [\"metashape\", \"postprocess\"]}");
        assertThat(declared.status()).as(declared.body()).isIn(200, 201);
    }

    @Test
    @Order(1)
    void aFreshPlanAfterEach201CountsTheEvent() {
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String project = "http-" + i;
            CairnClient.Answer posted = http.post(
                    cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/events",
                    "application/json",
                    completed(project).toString());
            assertThat(posted.status()).as(posted.body()).isEqualTo(201);
            freshPlan(project, stale);
        }
        assertThat(stale).as("stale answers among %d", PAIRS).isEmpty();
    }

    @Test
    @Order(2)
    void aFreshPlanAfterEachAckedRecordOnStageEventsCountsTheEvent() {
        List<String> stale = new ArrayList<>();
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
            for (int i = 0; i < PAIRS; i++) {
                String project = "kafka-" + i;
                kafka.send(
                        Topics.STAGE_EVENTS,
                        Topics.key(PIPELINE, project, "default"),
                        completed(project).toString());
                freshPlan(project, stale);
            }
        }
        assertThat(stale).as("stale answers among %d", PAIRS).isEmpty();
    }

    @Test
    @Order(3)
    void eightClientsUnderABackgroundLoadThroughKafkaGetNoStaleAnswer() throws Exception {
        List<String> stale = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger loaded = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
            Future<?> load = pool.submit(() -> backgroundLoad(kafka, loading, loaded));
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < PAIRS / CLIENTS; i++) {
                        String project = "c" + client + "-" + i;
                        ObjectNode e = completed(project);
                        if (i % 2 == 0) {
                            CairnClient.Answer posted = http.post(
                                    cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/events",
                                    "application/json",
                                    e.toString());
                            assertThat(posted.status()).as(posted.body()).isEqualTo(201);
                        } else {
                            kafka.send(Topics.STAGE_EVENTS, Topics.key(PIPELINE, project, "default"), e.toString());
                        }
                        freshPlan(project, stale);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            loading.set(false);
            load.get();
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "[fresh] concurrent: %d pairs by %d clients, %d background events%n", PAIRS, CLIENTS, loaded.get());
        assertThat(loaded.get()).as("the background load ran").isPositive();
        assertThat(stale).as("stale answers among %d", PAIRS).isEmpty();
    }

    @Test
    @Order(4)
    void withTheLedgerStoppedAFreshPlanIsABounded503() {
        cluster.app(CairnCluster.Service.LEDGER).stop(15);
        CairnClient.Answer fresh = plan("http-0", true);
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(503);
        assertThat(fresh.header("Retry-After")).isNotNull();
        JsonNode problem = fresh.json();
        assertThat(problem.path("error").asText()).isEqualTo("not_fresh");
        assertThat(problem.path("message").asText()).contains("ledger");
        CairnClient.Answer notFresh = plan("http-0", false);
        assertThat(notFresh.status())
                .as("without fresh=true the planner answers from its view")
                .isEqualTo(200);
        assertThat(notFresh.json().path("projects").get(0).path("run").asBoolean())
                .isFalse();
    }

    /** Plans {@code project} with fresh=true; any answer that would run it again is stale. */
    static void freshPlan(String project, List<String> stale) {
        CairnClient.Answer answer = plan(project, true);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode p = answer.json().path("projects").get(0);
        if (p.path("run").asBoolean(true)) {
            stale.add(project + ": " + p);
        }
    }

    static CairnClient.Answer plan(String project, boolean fresh) {
        return http.post(
                cluster.url(CairnCluster.Service.PLANNER) + "/api/v1/plan" + (fresh ? "?fresh=true" : ""),
                "application/json",
                "{\"pipeline\": \"" + PIPELINE + "\", \"skip_if_complete\": \"both\", \"projects\": [\"" + project
                        + "\"]}");
    }

    /** Events of other projects through Kafka, {@link #LOAD_PER_SECOND} a second, until told to stop. */
    static Void backgroundLoad(KafkaTestClient kafka, AtomicBoolean loading, AtomicInteger loaded)
            throws InterruptedException {
        long start = System.nanoTime();
        while (loading.get()) {
            String project = "bg-" + loaded.get();
            ObjectNode e = completed(project).put("stage", "metashape");
            kafka.sendAsync(
                    Topics.STAGE_EVENTS,
                    Topics.key(PIPELINE, project, "default"),
                    e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long due = start + loaded.incrementAndGet() * 1_000_000_000L / LOAD_PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        kafka.flush();
        return null;
    }

    static ObjectNode completed(String project) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("schema", "cairn.stage-event/v1")
                .put("event_id", "fresh-" + project + "-" + System.nanoTime())
                .put("type", "stage.completed")
                .put("pipeline", PIPELINE)
                .put("project", project)
                .put("config_id", "default")
                .put("stage", "postprocess")
                .put("run_id", "fresh-run")
                .put("occurred_at", T0.toString());
        return e;
    }
}
