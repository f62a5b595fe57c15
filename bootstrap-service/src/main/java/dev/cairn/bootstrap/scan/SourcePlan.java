package dev.cairn.bootstrap.scan;

import java.util.List;

/** One stage's source of a validated scan: where to list, how, and which keys count as sentinels. */
public record SourcePlan(
        int ordinal,
        String stage,
        String bucket,
        String prefix,
        Layout layout,
        List<String> sentinels,
        String projectPattern) {}
