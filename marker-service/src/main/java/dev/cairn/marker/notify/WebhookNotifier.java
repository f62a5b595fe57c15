package dev.cairn.marker.notify;

import dev.cairn.contracts.MarkerWritten;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.service.MarkerFiles;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.jboss.logging.Logger;

/**
 * Announces marker folders to the pipelines' webhooks ({@code cairn.marker.pipelines."<name>".webhook}), without
 * ever holding up marker writing: {@link #announce} only queues the call and returns. Each call is retried with
 * exponential backoff (Failsafe); one that never passes, or one dropped because {@code max-pending} calls are
 * already waiting, is counted in {@code cairn_marker_webhook_failures_total{pipeline,reason}}. The URL is a secret:
 * it is never logged, only the pipeline and the event.
 */
@ApplicationScoped
public class WebhookNotifier {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    private final Map<String, MarkerConfig.PipelineMarkers> pipelines;
    private final MarkerConfig.Webhooks settings;
    private final MeterRegistry registry;
    private final Semaphore pending;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemon("cairn-webhook"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(daemon("cairn-webhook-retry"));
    private final HttpClient client;
    private final FailsafeExecutor<HttpResponse<Void>> retries;

    public WebhookNotifier(MarkerConfig config, MeterRegistry registry) {
        this.pipelines = config.pipelines();
        this.settings = config.webhooks();
        this.registry = registry;
        this.pending = new Semaphore(settings.maxPending());
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .executor(executor)
                .build();
        RetryPolicy<HttpResponse<Void>> policy = RetryPolicy.<HttpResponse<Void>>builder()
                .handle(Exception.class)
                .withBackoff(settings.initialBackoff(), settings.maxBackoff())
                .withMaxRetries(settings.maxRetries())
                .build();
        this.retries = Failsafe.with(policy).with(scheduler);
    }

    /** Queues the webhook call of {@code written}'s pipeline, if it has one; returns at once. */
    public void announce(MarkerWritten written, MarkerFiles.Summary summary) {
        MarkerConfig.PipelineMarkers pipeline = pipelines.get(written.pipeline());
        if (pipeline == null || pipeline.webhook().isEmpty()) {
            return;
        }
        if (!pending.tryAcquire()) {
            failed(written, "dropped", "more than cairn.marker.webhooks.max-pending calls waiting");
            return;
        }
        MarkerConfig.Webhook hook = pipeline.webhook().get();
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(
                        WebhookMessages.body(hook.format(), written, summary), StandardCharsets.UTF_8))
                .build();
        retries.getStageAsync(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(WebhookNotifier::accepted))
                .whenComplete((response, error) -> {
                    pending.release();
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        failed(
                                written,
                                cause instanceof RejectedCall ? "rejected" : "unreachable",
                                cause instanceof RejectedCall
                                        ? cause.getMessage()
                                        : cause.getClass().getSimpleName());
                    } else {
                        counter("cairn.marker.webhook.sent", written.pipeline(), null)
                                .increment();
                    }
                });
    }

    private static HttpResponse<Void> accepted(HttpResponse<Void> response) {
        if (response.statusCode() / 100 != 2) {
            throw new RejectedCall("the webhook answered HTTP " + response.statusCode());
        }
        return response;
    }

    private void failed(MarkerWritten written, String reason, String detail) {
        counter("cairn.marker.webhook.failures", written.pipeline(), reason).increment();
        // never the URL: it is the webhook's secret
        LOG.warnf(
                "webhook of pipeline %s: the call for event %s failed (%s: %s)",
                written.pipeline(), written.eventId(), reason, detail);
    }

    private Counter counter(String name, String pipeline, String reason) {
        Counter.Builder b = Counter.builder(name)
                .description(reason == null ? "Webhook calls answered 2xx" : "Webhook calls given up or dropped")
                .tag("pipeline", pipeline);
        return (reason == null ? b : b.tag("reason", reason)).register(registry);
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A webhook that answered, but not with 2xx: retried like a failed connection. */
    static final class RejectedCall extends RuntimeException {
        RejectedCall(String message) {
            super(message);
        }
    }
}
