package dev.cairn.planner.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The server-side timers of the planner: {@code cairn.planner.request} from the first byte of the body read to the
 * last byte of the answer written (a streamed answer includes waiting for the client to take it), and
 * {@code cairn.planner.compute} up to the answer computed, before encoding.
 */
public final class RequestTimers {

    private RequestTimers() {}

    /** Parse, view lookups and decisions: the answer ready to be encoded (streamed answers only). */
    public static Timer computeTimer(MeterRegistry registry, String endpoint) {
        return Timer.builder("cairn.planner.compute")
                .description("server-side time until a streamed answer is computed: parse, view lookups, decisions")
                .tag("endpoint", endpoint)
                .publishPercentileHistogram()
                .register(registry);
    }

    public static Timer timer(MeterRegistry registry, String endpoint) {
        return Timer.builder("cairn.planner.request")
                .description("server-side time of a planner request: parse, view lookups and encoding of the answer")
                .tag("endpoint", endpoint)
                .publishPercentileHistogram()
                .register(registry);
    }
}
