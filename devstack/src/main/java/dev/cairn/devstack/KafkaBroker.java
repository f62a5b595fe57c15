package dev.cairn.devstack;

import dev.cairn.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka broker (org.apache.kafka:kafka_2.13, KRaft combined mode, one node) as its own JVM,
 * listening on 127.0.0.1, data in a temporary directory. Creates the Cairn topics of docs/design.md §3.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    private final Path workDir;
    private final int port;
    private volatile ServerProcess process;
    private final List<Path> classpath;
    private final List<String> jvm;

    private KafkaBroker(Path workDir, int port, ServerProcess process, List<Path> classpath, List<String> jvm) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
        this.classpath = classpath;
        this.jvm = jvm;
    }

    /** Starts the broker on {@code port} (0 = any free port) and waits until it answers. */
    public static KafkaBroker start(RuntimeDirs runtime, int port, Duration timeout) throws IOException {
        int brokerPort = port == 0 ? Ports.free() : Ports.requireFree(port, "Kafka");
        int controllerPort = Ports.free();
        Path workDir = Files.createTempDirectory("cairn-kafka-");
        Path config = workDir.resolve("server.properties");
        Files.writeString(config, serverProperties(workDir.resolve("data"), brokerPort, controllerPort));
        Path log4j = workDir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                status = warn
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
                rootLogger.level = warn
                rootLogger.appenderRef.file.ref = file
                logger.kafka.name = kafka.server.KafkaRaftServer
                logger.kafka.level = info
                """.formatted(workDir.resolve("server.log")));

        List<Path> classpath = ServerProcess.classpath(runtime.kafka());
        List<String> jvm = List.of(
                "-Xms256m",
                "-Xmx1g",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j.toUri());
        String clusterId = Uuid.randomUuid().toString();

        ServerProcess format = ServerProcess.start(
                "kafka-format",
                workDir,
                classpath,
                jvm,
                "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"));
        int formatted = format.waitFor(timeout);
        if (formatted != 0) {
            throw new IllegalStateException(
                    "Formatting the Kafka storage failed (exit " + formatted + "):\n" + format.tail(20));
        }

        ServerProcess server =
                ServerProcess.start("kafka", workDir, classpath, jvm, "kafka.Kafka", List.of(config.toString()));
        KafkaBroker broker = new KafkaBroker(workDir, brokerPort, server, classpath, jvm);
        try {
            broker.awaitReady(timeout);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    static String serverProperties(Path dataDir, int brokerPort, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=3
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.cleaner.backoff.ms=1000
                log.flush.interval.messages=9223372036854775807
                """.formatted(brokerPort, controllerPort, dataDir.toString().replace("\\", "/"));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            process.checkAlive();
            if (Ports.isOpen(port)) {
                try (Admin admin = admin(Duration.ofSeconds(5))) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = new IllegalStateException(e);
                }
            }
            sleep(100);
        }
        throw new IllegalStateException(
                "Kafka did not become ready on 127.0.0.1:" + port + " within " + timeout + "; last log lines:\n"
                        + process.tail(30),
                last);
    }

    public String bootstrapServers() {
        return bootstrapServers(port);
    }

    static String bootstrapServers(int port) {
        return "127.0.0.1:" + port;
    }

    Admin admin(Duration timeout) {
        return admin(bootstrapServers(), timeout);
    }

    static Admin admin(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(p);
    }

    /** Creates the Cairn topics of docs/design.md §3 (existing ones are kept as they are). */
    public static void createCairnTopics(String bootstrapServers, int partitions) {
        Map<String, String> input = Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(7 * DAY_MS));
        Map<String, String> dlq = Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(30 * DAY_MS));
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(Topics.STAGE_EVENTS, Topics.MARKERS, Topics.ITEM_EVENTS, Topics.OPENLINEAGE)) {
            topics.add(topic(name, partitions, input));
        }
        for (String name : List.of(Topics.STAGE_EVENTS_DLQ, Topics.MARKERS_DLQ, Topics.ITEM_EVENTS_DLQ)) {
            topics.add(topic(name, 1, dlq));
        }
        topics.add(topic(
                Topics.COMPLETIONS,
                partitions,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", Long.toString(7 * DAY_MS))));
        try (Admin admin = admin(bootstrapServers, Duration.ofSeconds(30))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            admin.createTopics(missing).values().values().forEach(f -> {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("creating Cairn topics failed", e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("creating Cairn topics failed", e);
                }
            });
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer: " + e.getMessage(), e);
        }
    }

    /** Deletes {@code topic} and waits until the broker no longer lists it (tests of a missing topic). */
    public static void deleteTopic(String bootstrapServers, String topic) {
        try (Admin admin = admin(bootstrapServers, Duration.ofSeconds(30))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " still listed 30 s after its deletion");
                }
                sleep(100);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("deleting topic " + topic + " failed: " + e.getMessage(), e);
        }
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> config) {
        return new NewTopic(name, partitions, (short) 1).configs(config);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9} of the broker (fault tests): its port closes, its data directory stays. */
    public void kill() {
        process.kill();
    }

    /**
     * Starts the broker again after {@link #kill()}, on the same ports and data directory, and waits until it answers:
     * topics, records and committed offsets are those it had.
     */
    public void restart(Duration timeout) throws IOException {
        process.close();
        process = ServerProcess.start(
                "kafka",
                workDir,
                classpath,
                jvm,
                "kafka.Kafka",
                List.of(workDir.resolve("server.properties").toString()));
        awaitReady(timeout);
    }

    public long pid() {
        return process.pid();
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        process.close();
        WorkDirs.deleteTree(workDir);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
