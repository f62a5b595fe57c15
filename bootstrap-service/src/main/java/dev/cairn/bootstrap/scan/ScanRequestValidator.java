package dev.cairn.bootstrap.scan;

import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link ScanRequest} completely and returns every problem at once, each naming its field
 * ({@code sources.metashape.sentinels[1]}); without problems, {@link #plan} gives the {@link ScanPlan}.
 * Bucket existence is checked separately (it needs S3). Pure and thread-safe.
 */
public final class ScanRequestValidator {

    public static final int MAX_STAGES = 32;
    public static final int MAX_SENTINELS = 64;
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    public List<Problem> problems(ScanRequest request) {
        List<Problem> problems = new ArrayList<>();
        if (request == null) {
            return List.of(new Problem("$", "the body is missing; send a JSON object"));
        }
        Names.problem(request.pipeline()).ifPresent(p -> problems.add(new Problem("pipeline", p)));
        if (request.configId() != null) {
            Names.problem(request.configId()).ifPresent(p -> problems.add(new Problem("config_id", p)));
        }
        List<String> stages = request.stages();
        if (stages == null || stages.isEmpty()) {
            problems.add(new Problem(
                    "stages",
                    "is required: the stages to detect, lowest level first, e.g. [\"metashape\", \"postprocess\"]"));
            stages = List.of();
        } else if (stages.size() > MAX_STAGES) {
            problems.add(
                    new Problem("stages", "has " + stages.size() + " entries; at most " + MAX_STAGES + " are allowed"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            String stage = stages.get(i);
            String field = "stages[" + i + "]";
            Names.problem(stage).ifPresent(p -> problems.add(new Problem(field, p)));
            if (stage != null && !seen.add(stage)) {
                problems.add(new Problem(field, "'" + stage + "' is listed twice"));
            }
        }
        Map<String, ScanRequest.Source> sources = request.sources() == null ? Map.of() : request.sources();
        if (request.sources() == null) {
            problems.add(new Problem(
                    "sources",
                    "is required: one source per stage, e.g. {\"metashape\": {\"bucket\": ..., \"prefix\": ...}}"));
        }
        for (String stage : stages) {
            if (stage != null && request.sources() != null && !sources.containsKey(stage)) {
                problems.add(new Problem("sources." + stage, "is missing: every stage in 'stages' needs a source"));
            }
        }
        for (Map.Entry<String, ScanRequest.Source> e : sources.entrySet()) {
            if (!stages.contains(e.getKey())) {
                problems.add(new Problem(
                        "sources." + e.getKey(), "names a stage the request does not know; 'stages' is " + stages));
            } else {
                sourceProblems(e.getKey(), e.getValue(), problems);
            }
        }
        return problems;
    }

    private static void sourceProblems(String stage, ScanRequest.Source source, List<Problem> problems) {
        String base = "sources." + stage;
        if (source == null) {
            problems.add(new Problem(base, "must be an object with bucket, prefix, layout and sentinels"));
            return;
        }
        if (source.bucket() == null || source.bucket().isBlank()) {
            problems.add(new Problem(base + ".bucket", "is required"));
        } else if (!BUCKET.matcher(source.bucket()).matches()) {
            problems.add(new Problem(base + ".bucket", "is not a valid bucket name: " + source.bucket()));
        }
        if (source.prefix() == null) {
            problems.add(new Problem(base + ".prefix", "is required (\"\" lists the whole bucket)"));
        }
        var defaults = SentinelDefaults.forStage(stage);
        if (source.layout() == null && defaults.isEmpty()) {
            problems.add(new Problem(base + ".layout", "is required for stage '" + stage + "': folder or flat"));
        } else if (source.layout() != null && Layout.parse(source.layout()).isEmpty()) {
            problems.add(new Problem(base + ".layout", "must be folder or flat, got '" + source.layout() + "'"));
        }
        if (source.sentinels() == null && defaults.isEmpty()) {
            problems.add(new Problem(
                    base + ".sentinels",
                    "is required for stage '" + stage + "': regular expressions searched in each key"));
        } else if (source.sentinels() != null) {
            if (source.sentinels().isEmpty() || source.sentinels().size() > MAX_SENTINELS) {
                problems.add(new Problem(base + ".sentinels", "needs 1 to " + MAX_SENTINELS + " patterns"));
            }
            for (int i = 0; i < source.sentinels().size(); i++) {
                regexProblem(base + ".sentinels[" + i + "]", source.sentinels().get(i), 0, problems);
            }
        }
        if (source.projectPattern() != null) {
            regexProblem(base + ".project_pattern", source.projectPattern(), 1, problems);
        }
    }

    private static void regexProblem(String field, String regex, int groups, List<Problem> problems) {
        if (regex == null || regex.isEmpty()) {
            problems.add(new Problem(field, "is empty"));
            return;
        }
        if (regex.length() > SentinelRules.MAX_PATTERN_LENGTH) {
            problems.add(new Problem(
                    field,
                    "is " + regex.length() + " characters long; at most " + SentinelRules.MAX_PATTERN_LENGTH
                            + " are allowed"));
            return;
        }
        try {
            com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(regex);
            if (p.groupCount() < groups) {
                problems.add(new Problem(field, "needs a capturing group: group 1 is the project name"));
            }
        } catch (com.google.re2j.PatternSyntaxException e) {
            problems.add(new Problem(
                    field,
                    "is not a valid regular expression (RE2 syntax: no backreferences or lookaround): "
                            + e.getDescription() + " in " + regex));
        }
    }

    /** The plan of a request without {@link #problems}; defaults filled in. */
    public ScanPlan plan(ScanRequest request) {
        List<SourcePlan> sources = new ArrayList<>();
        for (int i = 0; i < request.stages().size(); i++) {
            String stage = request.stages().get(i);
            ScanRequest.Source s = request.sources().get(stage);
            var defaults = SentinelDefaults.forStage(stage);
            Layout layout = s.layout() != null
                    ? Layout.parse(s.layout()).orElseThrow()
                    : defaults.orElseThrow().layout();
            List<String> sentinels = s.sentinels() != null
                    ? List.copyOf(s.sentinels())
                    : defaults.orElseThrow().sentinels();
            String projectPattern = s.projectPattern() != null ? s.projectPattern() : SentinelDefaults.PROJECT_PATTERN;
            sources.add(new SourcePlan(i, stage, s.bucket(), s.prefix(), layout, sentinels, projectPattern));
        }
        String configId = request.configId() == null ? Names.DEFAULT_CONFIG_ID : request.configId();
        return new ScanPlan(request.pipeline(), configId, Boolean.TRUE.equals(request.dryRun()), List.copyOf(sources));
    }
}
