package dev.cairn.bootstrap.scan;

import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.SourceProblem;
import dev.cairn.contracts.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one listing page (or one project folder) contributes to a scan: the best sentinel per project, the problems,
 * and counters. Bounded by the page: at most one entry per object seen. Not thread-safe; one per task, then merged.
 */
public final class PageMatches {

    private final SentinelRules rules;
    private final int ordinal;
    private final Map<String, Match> best = new HashMap<>();
    private final Map<String, SourceProblem> problems = new LinkedHashMap<>();
    private long objects;
    private long sentinels;
    private long folders;

    public PageMatches(SentinelRules rules, int ordinal) {
        this.rules = rules;
        this.ordinal = ordinal;
    }

    /** Classifies one listed object. */
    public void offer(String key, Instant lastModified, String etag) {
        objects++;
        if (!rules.isSentinel(key)) {
            return;
        }
        sentinels++;
        String project = rules.projectOf(key);
        if (project == null) {
            problems.putIfAbsent(
                    key,
                    new SourceProblem(
                            ordinal,
                            key,
                            key,
                            "sentinel without a project name: the key is directly under the prefix and its file name does not match the project pattern"));
            return;
        }
        Optional<String> invalid = Names.problem(project);
        if (invalid.isPresent()) {
            problems.putIfAbsent(
                    project,
                    new SourceProblem(ordinal, project, key, "project name '" + project + "' " + invalid.get()));
            return;
        }
        Match candidate = new Match(project, ordinal, lastModified, key, stripQuotes(etag));
        best.merge(project, candidate, (old, neu) -> neu.beats(old) ? neu : old);
    }

    public void folderListed() {
        folders++;
    }

    public void merge(PageMatches other) {
        other.best.values().forEach(m -> best.merge(m.project(), m, (old, neu) -> neu.beats(old) ? neu : old));
        other.problems.forEach(problems::putIfAbsent);
        objects += other.objects;
        sentinels += other.sentinels;
        folders += other.folders;
    }

    /** The matches, sorted by project (stable order for the batched upsert). */
    public List<Match> matches() {
        List<Match> list = new ArrayList<>(best.values());
        list.sort(Comparator.comparing(Match::project, Match::compareCodePoints));
        return list;
    }

    public List<SourceProblem> problems() {
        return List.copyOf(problems.values());
    }

    public long objects() {
        return objects;
    }

    public long sentinels() {
        return sentinels;
    }

    public long folders() {
        return folders;
    }

    static String stripQuotes(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
