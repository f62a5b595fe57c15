package dev.cairn.planner.messaging;

import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The devstack's Kafka, plus {@value #COUNT} completions of a fresh pipeline published to {@code cairn.completions}
 * BEFORE the planner starts (test resources start before the application). Project {@code p%05d}: level
 * postprocess when i % 3 == 0, metashape when i % 3 == 1, nothing complete otherwise; every tenth project was first
 * published at an older version. The pipeline's name is handed over as {@code cairn.test.restart-pipeline}.
 */
public class CompletionsPublishedBeforeStart implements QuarkusTestResourceLifecycleManager {

    public static final int COUNT = 10_000;

    private final CairnDevStackResource devstack = new CairnDevStackResource();

    @Override
    public void init(Map<String, String> initArgs) {
        devstack.init(Map.of("services", "kafka"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(devstack.start());
        String pipeline = CompletionFixtures.uniquePipeline("restart");
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        try (KafkaTestClient kafka = new KafkaTestClient(config.get("kafka.bootstrap.servers"))) {
            for (int i = 0; i < COUNT; i++) {
                String project = String.format("p%05d", i);
                if (i % 10 == 0) {
                    CompletionFixtures.publish(
                            kafka,
                            CompletionFixtures.state(
                                    pipeline,
                                    project,
                                    "default",
                                    CompletionFixtures.SEED_STAGES,
                                    null,
                                    1,
                                    t,
                                    "wf-old"));
                }
                CompletionFixtures.publish(
                        kafka,
                        CompletionFixtures.state(
                                pipeline,
                                project,
                                "default",
                                CompletionFixtures.SEED_STAGES,
                                levelOf(i),
                                2,
                                t.plusSeconds(i),
                                "wf-restart"));
            }
            kafka.flush();
        }
        config.put("cairn.test.restart-pipeline", pipeline);
        return config;
    }

    public static String levelOf(int i) {
        return switch (i % 3) {
            case 0 -> "postprocess";
            case 1 -> "metashape";
            default -> null;
        };
    }

    @Override
    public void stop() {
        devstack.stop();
    }
}
