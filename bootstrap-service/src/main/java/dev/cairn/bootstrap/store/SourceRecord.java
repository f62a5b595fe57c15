package dev.cairn.bootstrap.store;

import java.util.List;

/** A row of {@code bootstrap.scan_source}: one stage's source, its checkpoint and its counters. */
public record SourceRecord(
        int ordinal,
        String stage,
        String bucket,
        String prefix,
        String layout,
        List<String> sentinels,
        String projectPattern,
        Checkpoint checkpoint,
        long pages,
        long objectsListed,
        long foldersListed,
        long sentinelsMatched) {}
