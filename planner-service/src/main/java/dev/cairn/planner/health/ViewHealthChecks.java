package dev.cairn.planner.health;

import dev.cairn.planner.messaging.CompletionsReader;
import dev.cairn.planner.messaging.ViewProgress;
import dev.cairn.planner.store.CompletionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP once the view has consumed {@code cairn.completions} up to the end offsets seen at start, while its
 * reader runs without failure. Liveness: DOWN only when the reader thread has died, so the pod is restarted.
 */
@ApplicationScoped
public class ViewHealthChecks {

    static final String NAME = "cairn.completions view";

    private final ViewProgress progress;
    private final CompletionView view;
    private final CompletionsReader reader;

    public ViewHealthChecks(ViewProgress progress, CompletionView view, CompletionsReader reader) {
        this.progress = progress;
        this.view = view;
        this.reader = reader;
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck readiness() {
        return () -> readiness(progress, view, reader.alive());
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck liveness() {
        return () -> HealthCheckResponse.named(NAME + " reader")
                .status(reader.alive())
                .build();
    }

    /** The readiness answer for a view, its progress and whether its reader thread runs. */
    public static HealthCheckResponse readiness(ViewProgress progress, CompletionView view, boolean alive) {
        String failure = progress.failure();
        boolean up = progress.caughtUp() && failure == null && alive;
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .status(up)
                .withData("keys", view.keys())
                .withData("lag", progress.lag())
                .withData("caught_up", progress.caughtUp());
        Instant asOf = view.asOf();
        if (asOf != null) {
            b.withData("as_of", asOf.toString());
        }
        if (!progress.caughtUp() && progress.startTargets() != null) {
            b.withData("behind_start_offsets", progress.behind(progress.startTargets()));
        }
        if (progress.snapshot() != null) {
            b.withData("snapshot", progress.snapshot());
        }
        if (progress.catchUpMillis() >= 0) {
            b.withData("catch_up_ms", progress.catchUpMillis());
        }
        if (failure != null) {
            b.withData("failure", failure);
        }
        if (!alive) {
            b.withData("reader", "stopped");
        }
        return b.build();
    }
}
