package dev.cairn.bootstrap.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.SourceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link ScanView}s. Projects per stage and per level are counted live while a scan lists, and frozen into the
 * scan row ({@code level_counts}) once the listing is complete, so reading a finished scan stays cheap.
 */
@ApplicationScoped
public class ScanViews {

    static final int PROBLEMS_SHOWN = 100;

    private final MatchStore matches;
    private final ObjectMapper json;

    ScanViews(MatchStore matches, ObjectMapper json) {
        this.matches = matches;
        this.json = json;
    }

    public ScanView view(ScanRecord scan, List<SourceRecord> sources, boolean withProblems) {
        long objects = sources.stream().mapToLong(SourceRecord::objectsListed).sum();
        Instant end = scan.finishedAt() != null ? scan.finishedAt() : Instant.now();
        Double elapsed = scan.startedAt() == null
                ? null
                : Duration.between(scan.startedAt(), end).toMillis() / 1000.0;
        Double rate = elapsed == null || elapsed <= 0 ? null : Math.round(objects / elapsed * 10) / 10.0;
        Map<String, Map<String, Long>> counts = levelCounts(scan, sources);
        var progress = new ScanView.Progress(
                objects,
                sources.stream().mapToLong(SourceRecord::foldersListed).sum(),
                sources.stream().mapToLong(SourceRecord::sentinelsMatched).sum(),
                scan.eventsEmitted(),
                scan.eventsApplied(),
                scan.duplicates(),
                scan.refused(),
                rate,
                scan.resumedObjects(),
                scan.attempts() == 0 ? 0 : objects - scan.resumedObjects(),
                counts.get("per_stage"),
                counts.get("per_level"));
        List<ScanView.Source> sourceViews = sources.stream()
                .map(s -> new ScanView.Source(
                        s.stage(),
                        s.bucket(),
                        s.prefix(),
                        s.layout(),
                        s.sentinels(),
                        s.projectPattern(),
                        s.checkpoint().done(),
                        s.pages(),
                        s.objectsListed(),
                        s.foldersListed(),
                        s.sentinelsMatched()))
                .toList();
        Long problemCount = null;
        List<ScanView.ProblemView> problems = null;
        if (withProblems) {
            problemCount = matches.problemCount(scan.id());
            problems = matches.problems(scan.id(), PROBLEMS_SHOWN).stream()
                    .map(p -> new ScanView.ProblemView(
                            sources.get(p.ordinal()).stage(), p.subject(), p.key(), p.reason()))
                    .toList();
        }
        return new ScanView(
                scan.id(),
                scan.pipeline(),
                scan.configId(),
                scan.dryRun(),
                scan.state(),
                scan.error(),
                scan.createdAt(),
                scan.startedAt(),
                scan.finishedAt(),
                elapsed,
                scan.attempts(),
                progress,
                sourceViews,
                problemCount,
                problems);
    }

    /** {@code {"per_stage": {...}, "per_level": {...}}} counted now, as stored when the listing completes. */
    public String levelCountsJson(UUID scan, List<SourceRecord> sources) {
        try {
            return json.writeValueAsString(count(scan, sources));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Map<String, Long>> levelCounts(ScanRecord scan, List<SourceRecord> sources) {
        if (scan.levelCounts() == null) {
            return count(scan.id(), sources);
        }
        try {
            JsonNode node = json.readTree(scan.levelCounts());
            Map<String, Map<String, Long>> result = new LinkedHashMap<>();
            for (String group : List.of("per_stage", "per_level")) {
                Map<String, Long> values = new LinkedHashMap<>();
                node.path(group)
                        .fields()
                        .forEachRemaining(
                                e -> values.put(e.getKey(), e.getValue().asLong()));
                result.put(group, values);
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("level_counts of scan " + scan.id() + " is not JSON", e);
        }
    }

    private Map<String, Map<String, Long>> count(UUID scan, List<SourceRecord> sources) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        result.put("per_stage", byStage(matches.projectsPerStage(scan), sources));
        result.put("per_level", byStage(matches.projectsPerLevel(scan), sources));
        return result;
    }

    private static Map<String, Long> byStage(Map<Integer, Long> byOrdinal, List<SourceRecord> sources) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (SourceRecord s : sources) {
            result.put(s.stage(), byOrdinal.getOrDefault(s.ordinal(), 0L));
        }
        return result;
    }
}
