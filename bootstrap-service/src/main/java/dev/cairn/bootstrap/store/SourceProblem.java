package dev.cairn.bootstrap.store;

/**
 * A sentinel that cannot become an event. {@code subject} is the offending project name, or the key when no project
 * name could be extracted; one problem is kept per subject.
 */
public record SourceProblem(int ordinal, String subject, String key, String reason) {}
