package dev.cairn.service.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the broker whether a topic can be written to, after a send to it failed in a way the producer calls passing
 * (a missing topic and an unreachable broker both end in "not present in metadata"). Only an answer from the broker
 * counts: {@link State#ABSENT} or {@link State#DENIED} never pass by retrying, while {@link State#UNKNOWN} (no answer)
 * may be a broker that is down, and is retried. Opens a short-lived admin client per question: it is asked only
 * after a failed send.
 */
public final class TopicProbe {

    /** What the broker said about the topic. */
    public enum State {
        PRESENT,
        ABSENT,
        DENIED,
        UNKNOWN;

        /** The broker answered that nothing can be written to the topic. */
        public boolean refused() {
            return this == ABSENT || this == DENIED;
        }
    }

    private final Map<String, Object> settings;
    private final Duration timeout;

    /** {@code kafka}: the application's {@code kafka.*} settings (only the admin client's keys are used). */
    public TopicProbe(Map<String, Object> kafka, Duration timeout) {
        this.settings = KafkaClientSettings.admin(kafka);
        this.settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "cairn-topic-probe");
        this.timeout = timeout;
    }

    public State probe(String topic) {
        try (Admin admin = Admin.create(settings)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return State.PRESENT;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return State.ABSENT;
            }
            if (e.getCause() instanceof TopicAuthorizationException) {
                return State.DENIED;
            }
            return State.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return State.UNKNOWN;
        } catch (Exception e) {
            return State.UNKNOWN;
        }
    }
}
