package dev.cairn.planner.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.store.CompletionView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Keeps the view following {@code cairn.completions} on a dedicated thread from start to shutdown. A failure
 * (broker unreachable beyond the client's retries, authorization, ...) is reported to {@link ViewProgress} (readiness
 * turns DOWN) and the consumer is re-created after a pause, resuming from the positions reached.
 */
@Singleton
public class CompletionsReader {

    private static final Logger LOG = Logger.getLogger(CompletionsReader.class);

    private final KafkaSettings settings;
    private final PlannerConfig config;
    private final CompletionView view;
    private final ViewProgress progress;
    private final JsonFactory json;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Thread thread;
    private volatile CompletionTopicFollower follower;
    private final ViewSnapshots snapshots;

    public CompletionsReader(
            KafkaSettings settings,
            PlannerConfig config,
            CompletionView view,
            ViewProgress progress,
            ObjectMapper json,
            EndOffsets cluster) {
        this.snapshots = config.snapshot()
                .dir()
                .map(dir -> new ViewSnapshots(
                        java.nio.file.Path.of(dir),
                        config.snapshot().maxAge(),
                        config.topic(),
                        view,
                        progress,
                        cluster::topicId))
                .orElse(null);
        this.json = json.getFactory();
        this.settings = settings;
        this.config = config;
        this.view = view;
        this.progress = progress;
    }

    void start(@Observes StartupEvent event) {
        settings.requireBootstrapServers();
        running = true;
        thread = new Thread(this::run, "cairn-completions-view");
        thread.setDaemon(true);
        thread.start();
        if (snapshots != null) {
            snapshots.startSaving(config.snapshot().interval());
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        stopping.countDown();
        CompletionTopicFollower f = follower;
        if (f != null) {
            f.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (snapshots != null) {
            snapshots.close();
        }
    }

    /** Whether the reader thread runs (false once it died, or after shutdown). */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        Duration poll = config.reader().pollTimeout();
        while (running) {
            try (CompletionTopicFollower f = new CompletionTopicFollower(
                    settings.consumer(config.reader().maxPollRecords()),
                    config.topic(),
                    view,
                    progress,
                    json,
                    snapshots)) {
                follower = f;
                if (!f.open(Duration.ofSeconds(30))) {
                    progress.failed("topic " + config.topic() + " does not exist");
                    LOG.warnf(
                            "topic %s does not exist; retrying in %s",
                            config.topic(), config.reader().retryBackoff());
                    pause();
                    continue;
                }
                while (running) {
                    f.pollOnce(poll);
                }
            } catch (WakeupException | InterruptedException e) {
                if (running) {
                    LOG.warn("view reader woken up unexpectedly; re-creating the consumer");
                }
            } catch (RuntimeException e) {
                if (running) {
                    progress.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
                    LOG.errorf(
                            e,
                            "view reader failed; re-creating the consumer in %s",
                            config.reader().retryBackoff());
                    pauseQuietly();
                }
            } finally {
                follower = null;
            }
        }
    }

    /** Waits for the retry back-off, or less when the service stops. */
    private void pause() throws InterruptedException {
        stopping.await(config.reader().retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pauseQuietly() {
        try {
            pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
