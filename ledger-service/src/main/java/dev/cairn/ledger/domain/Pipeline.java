package dev.cairn.ledger.domain;

import java.time.Instant;
import java.util.List;

/** A declared pipeline and its ordered stages ({@code ledger.pipeline}). */
public record Pipeline(String name, List<String> stages, Instant createdAt, Instant updatedAt) {

    public Pipeline {
        stages = List.copyOf(stages);
    }
}
