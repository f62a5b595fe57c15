package dev.cairn.ledger.domain;

import dev.cairn.contracts.Topics;
import java.util.Comparator;

/** The identity of a project's state: {@code (pipeline, project, config_id)}; ordered as the table's primary key. */
public record ProjectKey(String pipeline, String project, String configId) implements Comparable<ProjectKey> {

    private static final Comparator<ProjectKey> ORDER = Comparator.comparing(ProjectKey::pipeline)
            .thenComparing(ProjectKey::project)
            .thenComparing(ProjectKey::configId);

    public String topicKey() {
        return Topics.key(pipeline, project, configId);
    }

    @Override
    public int compareTo(ProjectKey o) {
        return ORDER.compare(this, o);
    }
}
