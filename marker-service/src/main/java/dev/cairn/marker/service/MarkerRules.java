package dev.cairn.marker.service;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Names;
import dev.cairn.marker.config.MarkerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which completions get a marker and in which folder: by default a pipeline's final stage with the default
 * template; per pipeline, opt-in marker stages and an own template. {@link #from} refuses (with the pipeline's
 * name and the setting to change) any configuration whose markers could collide.
 */
public final class MarkerRules {

    /** The settings of one configured pipeline; {@code stages} empty = the final stage only. */
    public record PipelineRule(List<String> stages, FolderTemplate template) {}

    private final FolderTemplate defaultTemplate;
    private final Map<String, PipelineRule> pipelines;
    private final boolean failureMarkers;
    private final Map<String, Boolean> failureMarkersOf;

    private MarkerRules(
            FolderTemplate defaultTemplate,
            Map<String, PipelineRule> pipelines,
            boolean failureMarkers,
            Map<String, Boolean> failureMarkersOf) {
        this.defaultTemplate = defaultTemplate;
        this.pipelines = pipelines;
        this.failureMarkers = failureMarkers;
        this.failureMarkersOf = failureMarkersOf;
    }

    /**
     * These rules with failure markers on for every pipeline ({@code failureMarkers}) except those {@code perPipeline}
     * names ({@code cairn.marker.pipelines."<name>".failure-markers}).
     */
    public MarkerRules withFailureMarkers(boolean failureMarkers, Map<String, Boolean> perPipeline) {
        return new MarkerRules(defaultTemplate, pipelines, failureMarkers, Map.copyOf(perPipeline));
    }

    public static MarkerRules from(MarkerConfig config) {
        Map<String, Optional<List<String>>> stages = new TreeMap<>();
        Map<String, Optional<String>> templates = new TreeMap<>();
        Map<String, Boolean> failures = new TreeMap<>();
        config.pipelines().forEach((name, p) -> {
            stages.put(name, p.stages());
            templates.put(name, p.template());
            p.failureMarkers().ifPresent(on -> failures.put(name, on));
        });
        return of(config.template(), stages, templates).withFailureMarkers(config.failureMarkers(), failures);
    }

    /** Builds and checks the rules; throws {@link IllegalStateException} naming the setting at fault. */
    public static MarkerRules of(
            String defaultTemplate,
            Map<String, Optional<List<String>>> stages,
            Map<String, Optional<String>> templates) {
        FolderTemplate fallback = template("cairn.marker.template", defaultTemplate);
        Map<String, PipelineRule> rules = new TreeMap<>();
        Set<String> names = new TreeSet<>(stages.keySet());
        names.addAll(templates.keySet());
        for (String pipeline : names) {
            String setting = "cairn.marker.pipelines.\"" + pipeline + "\"";
            Names.problem(pipeline).ifPresent(reason -> {
                throw new IllegalStateException(setting + ": the pipeline name " + reason);
            });
            List<String> markerStages =
                    checkStages(setting + ".stages", stages.getOrDefault(pipeline, Optional.empty()));
            Optional<String> own = templates.getOrDefault(pipeline, Optional.empty());
            FolderTemplate template = own.isPresent() ? template(setting + ".template", own.get()) : fallback;
            if (markerStages.size() > 1 && !template.has(FolderTemplate.Placeholder.STAGE)) {
                throw new IllegalStateException("pipeline '" + pipeline + "' writes markers for " + markerStages.size()
                        + " stages " + markerStages + " but its template '" + template
                        + "' has no {stage}: their folders could collide. Add {stage} to " + setting
                        + ".template or keep one stage in " + setting + ".stages");
            }
            rules.put(pipeline, new PipelineRule(markerStages, template));
        }
        return new MarkerRules(fallback, Map.copyOf(rules), true, Map.of());
    }

    private static FolderTemplate template(String setting, String text) {
        try {
            return FolderTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + e.getMessage(), e);
        }
    }

    private static List<String> checkStages(String setting, Optional<List<String>> configured) {
        if (configured.isEmpty()) {
            return List.of();
        }
        List<String> stages = new ArrayList<>();
        for (String stage : configured.get()) {
            String s = stage.trim();
            Names.problem(s).ifPresent(reason -> {
                throw new IllegalStateException(setting + ": the stage '" + s + "' " + reason);
            });
            stages.add(s);
        }
        if (new HashSet<>(stages).size() != stages.size()) {
            throw new IllegalStateException(setting + " lists a stage twice: " + stages);
        }
        return List.copyOf(new LinkedHashSet<>(stages));
    }

    /** The template of {@code pipeline}'s folders. */
    public FolderTemplate templateFor(String pipeline) {
        PipelineRule rule = pipelines.get(pipeline);
        return rule == null ? defaultTemplate : rule.template();
    }

    /** Every template in use: the default one and each pipeline's own. */
    public List<FolderTemplate> templates() {
        LinkedHashSet<FolderTemplate> all = new LinkedHashSet<>();
        all.add(defaultTemplate);
        pipelines.values().forEach(r -> all.add(r.template()));
        return List.copyOf(all);
    }

    /** True when {@code completion} gets a folder: a completion marker or a failure marker. */
    public boolean writesFolder(CompletionRecorded completion) {
        return isMarkerDue(completion) || isFailureMarkerDue(completion);
    }

    /**
     * True when {@code completion} is a {@code stage.failed} of any stage of a pipeline with failure markers on (the
     * default): whichever stage failed, the final completion a sensor waits for will not come from this run.
     */
    public boolean isFailureMarkerDue(CompletionRecorded completion) {
        return completion.change() != null
                && EventTypes.FAILED.equals(completion.change().type())
                && failureMarkersOf.getOrDefault(completion.pipeline(), failureMarkers);
    }

    /** True when {@code completion} is a {@code stage.completed} of one of its pipeline's marker stages. */
    public boolean isMarkerDue(CompletionRecorded completion) {
        if (completion.change() == null
                || !EventTypes.COMPLETED.equals(completion.change().type())) {
            return false;
        }
        String stage = completion.change().stage();
        PipelineRule rule = pipelines.get(completion.pipeline());
        if (rule != null && !rule.stages().isEmpty()) {
            return rule.stages().contains(stage);
        }
        List<String> declared = completion.stages();
        return declared != null
                && !declared.isEmpty()
                && declared.get(declared.size() - 1).equals(stage);
    }
}
