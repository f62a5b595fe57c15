package dev.cairn.bootstrap.scan;

import java.util.List;

/** A validated scan request; {@code sources} in stage order, lowest level first. */
public record ScanPlan(String pipeline, String configId, boolean dryRun, List<SourcePlan> sources) {}
