package dev.cairn.marker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerBucketReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two marker instances, one dies without leaving the group (kill -9): its partitions must reach the live instance
 * within the 30 s recovery goal. The dead "instance" is a consumer with the channel's own group and session settings
 * (what a second marker process would send the broker) that joins, takes partitions, and disappears without a word.
 */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
class DeadInstanceTest {

    private static final String CHANNEL = "mp.messaging.incoming.completions.";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "cairn.marker.bucket")
    String bucketName;

    @ConfigProperty(name = CHANNEL + "topic")
    String topic;

    @ConfigProperty(name = CHANNEL + "group.id")
    String group;

    @Test
    void aDeadInstancesPartitionsAreWrittenByTheLiveOneWithinTwentySeconds() {
        String run = Completions.project("dead-instance");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap);
                var s3 = S3Server.client(DevStack.shared().settings().s3Endpoint())) {
            MarkerBucketReader bucket = new MarkerBucketReader(s3, bucketName);
            String prefix = "completion_markers/" + Completions.PIPELINE + "/" + run;
            // the live instance works before the second one joins
            CompletionRecorded first = completion(run, 0);
            kafka.send(topic, first.key(), Completions.json(first));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> bucket.completeFolders(prefix).size() == 1);

            Set<TopicPartition> taken = joinAndDie();

            Instant died = Instant.now();
            int n = 1;
            for (TopicPartition p : taken) {
                CompletionRecorded c = completion(run, n++);
                kafka.send(new ProducerRecord<>(
                        p.topic(),
                        p.partition(),
                        c.key(),
                        Completions.json(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            int expected = n;
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> bucket.completeFolders(prefix).size() == expected);
            assertThat(Duration.between(died, Instant.now())).isLessThan(Duration.ofSeconds(20));
        }
    }

    /**
     * A second member of the marker's group with the channel's session settings: joins, waits for partitions, then
     * closes without leaving the group, as a killed process would. Returns the partitions it held.
     */
    private Set<TopicPartition> joinAndDie() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        for (String key :
                List.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
            ConfigProvider.getConfig()
                    .getOptionalValue(CHANNEL + key, String.class)
                    .ifPresent(v -> p.put(key, v));
        }
        KafkaConsumer<String, String> second =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        Set<TopicPartition> taken = new HashSet<>();
        try {
            second.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                second.poll(Duration.ofMillis(200));
                return !second.assignment().isEmpty();
            });
            taken.addAll(second.assignment());
        } finally {
            second.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
        return taken;
    }

    private static CompletionRecorded completion(String run, int i) {
        Instant t = Instant.parse("2025-09-12T03:00:00Z");
        return Completions.completed(
                Completions.PIPELINE,
                run + ".p" + i,
                "sync",
                "ev-" + i + "-" + run,
                t.plusSeconds(i),
                t.plusSeconds(i + 30),
                null);
    }
}
