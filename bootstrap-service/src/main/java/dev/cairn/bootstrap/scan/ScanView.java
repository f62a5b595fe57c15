package dev.cairn.bootstrap.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What {@code GET /api/v1/scans/{id}} answers: state, progress, sources and the first problems. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanView(
        UUID id,
        String pipeline,
        String configId,
        boolean dryRun,
        String state,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Double elapsedSeconds,
        int attempts,
        Progress progress,
        List<Source> sources,
        Long problemCount,
        List<ProblemView> problems) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Progress(
            long objectsListed,
            long foldersListed,
            long sentinelsMatched,
            long eventsEmitted,
            Long eventsApplied,
            Long duplicates,
            Long refused,
            Double objectsPerSecond,
            long resumedFromObjects,
            long objectsListedThisAttempt,
            Map<String, Long> projectsPerStage,
            Map<String, Long> projectsPerLevel) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Source(
            String stage,
            String bucket,
            String prefix,
            String layout,
            List<String> sentinels,
            String projectPattern,
            boolean done,
            long pages,
            long objectsListed,
            long foldersListed,
            long sentinelsMatched) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProblemView(String stage, String subject, String key, String reason) {}
}
