package dev.cairn.local.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load of one scenario: every project of a fresh pipeline completes both stages; each event is delivered three
 * times, all lower-stage copies after the higher ones (late), even projects through Kafka and odd ones through
 * {@code POST /api/v1/events}, plus hostile records (not JSON) on Kafka. The oracle: every project ends at the final
 * stage, the DLQ holds exactly the hostile records. Senders retry until the broker or the ledger accepts, so that an
 * outage slows the load down but loses nothing on the sending side.
 */
final class FaultLoad {

    static final List<String> STAGES = List.of("s1", "s2");
    static final int COPIES = 3;

    private record Delivery(String key, ObjectNode event, boolean http) {}

    private final CairnCluster cluster;
    private final CairnClient client;
    private final String pipeline;
    private final int projects;
    private final int hostile;
    private final List<Delivery> deliveries = new ArrayList<>();

    FaultLoad(CairnCluster cluster, String pipeline, int projects, int hostile, long seed) {
        this.cluster = cluster;
        this.client = new CairnClient(cluster.token());
        this.pipeline = pipeline;
        this.projects = projects;
        this.hostile = hostile;
        List<Delivery> upper = new ArrayList<>();
        List<Delivery> lower = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int p = 0; p < projects; p++) {
            for (int s = 0; s < STAGES.size(); s++) {
                ObjectNode e = event(project(p), STAGES.get(s), t0.plusSeconds(p * 10L + s));
                for (int c = 0; c < COPIES; c++) {
                    (s == STAGES.size() - 1 ? upper : lower)
                            .add(new Delivery(Topics.key(pipeline, project(p), "default"), e, p % 2 == 1));
                }
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(upper, random);
        Collections.shuffle(lower, random);
        deliveries.addAll(upper);
        deliveries.addAll(lower);
    }

    static String project(int p) {
        return String.format("p%06d", p);
    }

    int projects() {
        return projects;
    }

    int hostile() {
        return hostile;
    }

    String pipeline() {
        return pipeline;
    }

    ObjectNode event(String project, String stage, Instant at) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("event_id", pipeline + "-" + project + "-" + stage);
        e.put("type", "stage.completed");
        e.put("pipeline", pipeline);
        e.put("project", project);
        e.put("config_id", "default");
        e.put("stage", stage);
        e.put("run_id", "faults-" + pipeline);
        e.put("occurred_at", at.toString());
        e.put("started_at", at.minusSeconds(5).toString());
        return e;
    }

    void declare() {
        CairnClient.Answer a = client.put(
                cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/pipelines/" + pipeline,
                "{\"stages\": [\"s1\", \"s2\"]}");
        if (a.status() >= 300) {
            throw new IllegalStateException("declaring " + pipeline + ": " + a.status() + " " + a.body());
        }
    }

    /**
     * Sends every delivery at about {@code perSecond}, then the hostile records; runs {@code atThird} (the fault) on
     * its own thread once a third is sent. Returns when everything was accepted.
     */
    void run(int perSecond, Runnable atThird) throws InterruptedException {
        ExecutorService http = Executors.newFixedThreadPool(4);
        Thread fault = new Thread(atThird, "fault");
        AtomicInteger failedPosts = new AtomicInteger();
        try (KafkaProducer<String, byte[]> kafka = producer()) {
            long start = System.nanoTime();
            for (int i = 0; i < deliveries.size(); i++) {
                Delivery d = deliveries.get(i);
                if (i == deliveries.size() / 3) {
                    fault.start();
                }
                if (d.http()) {
                    http.submit(() -> postUntilAccepted(d.event(), failedPosts));
                } else {
                    kafka.send(new ProducerRecord<>(
                            Topics.STAGE_EVENTS, d.key(), bytes(d.event().toString())));
                }
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            for (int h = 0; h < hostile; h++) {
                String key = Topics.key(pipeline, "hostile" + h, "default");
                kafka.send(new ProducerRecord<>(Topics.STAGE_EVENTS, key, bytes("{not json " + h)));
            }
            kafka.flush();
        } finally {
            http.shutdown();
            http.awaitTermination(30, TimeUnit.MINUTES);
            fault.join();
        }
    }

    private void postUntilAccepted(ObjectNode event, AtomicInteger failed) {
        String url = cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/events";
        while (true) {
            try {
                CairnClient.Answer a = client.post(url, "application/json", event.toString());
                if (a.status() == 200 || a.status() == 201) {
                    return;
                }
                if (a.status() != 503 && a.status() != 500) {
                    throw new IllegalStateException("the ledger refused " + event + ": " + a.status() + " " + a.body());
                }
            } catch (RuntimeException e) {
                if (e instanceof IllegalStateException && e.getMessage().startsWith("the ledger refused")) {
                    throw e;
                }
                failed.incrementAndGet(); // the ledger is down or restarting: try again
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.settings().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30 * 60_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30 * 60_000L);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
