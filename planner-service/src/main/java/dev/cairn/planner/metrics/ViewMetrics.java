package dev.cairn.planner.metrics;

import dev.cairn.planner.messaging.ViewProgress;
import dev.cairn.planner.store.CompletionView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;

/** Prometheus meters of the view: keys, lag, readiness, bytes held, records by outcome. */
@Singleton
public class ViewMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, CompletionView view, ViewProgress progress) {
        Gauge.builder("cairn.planner.view.keys", view, CompletionView::keys)
                .description("keys in the view")
                .register(registry);
        Gauge.builder("cairn.planner.view.bytes", view, CompletionView::footprintBytes)
                .description("bytes held by the view's tables (arrays; shared strings excluded)")
                .register(registry);
        Gauge.builder("cairn.planner.view.lag.records", progress, ViewProgress::lag)
                .description("records of cairn.completions not yet applied, as of the last poll")
                .register(registry);
        Gauge.builder("cairn.planner.view.ready", progress, p -> p.caughtUp() ? 1 : 0)
                .description("1 once the view reached the end offsets seen at start")
                .register(registry);
        counter(registry, "applied", progress, ViewProgress::applied);
        counter(registry, "stale", progress, ViewProgress::stale);
        counter(registry, "removed", progress, ViewProgress::removed);
        counter(registry, "invalid", progress, ViewProgress::invalid);
    }

    private static void counter(
            MeterRegistry registry, String outcome, ViewProgress progress, ToDoubleFunction<ViewProgress> f) {
        FunctionCounter.builder("cairn.planner.view.records", progress, f)
                .tag("outcome", outcome)
                .description("records of cairn.completions read, by outcome")
                .register(registry);
    }
}
