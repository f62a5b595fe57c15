package dev.cairn.planner.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The server-side timer of the planner's endpoints: from the first byte read to the answer ready to send. */
final class RequestTimers {

    private RequestTimers() {
    }

    static Timer timer(MeterRegistry registry, String endpoint) {
        return Timer.builder("cairn.planner.request")
                .description("server-side time of a planner request: parse, view lookups and encoding of the answer")
                .tag("endpoint", endpoint)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(registry);
    }
}
