package dev.cairn.ledger.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cairn.ledger.config.LineageConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-pipeline mapping rules of {@code cairn.ledger.lineage.rules.*}, compiled once (RE2/J: linear time whatever
 * the pattern, since the patterns come from configuration and the input from any job). Rules are tried in pipeline
 * name order; the first whose two patterns match the whole job namespace and name and whose templates all find a value
 * wins. A bad pattern or placeholder throws at start-up, naming its property.
 */
public final class LineageRules {

    private record Rule(
            String pipeline, Pattern namespace, Pattern job, Template project, Template stage, Template configId) {}

    /** The target, or why no rule gave one ({@code target} null). */
    record Match(Target target, String reason) {}

    static final String NO_RULE = "no 'cairn' run facet and no rule of cairn.ledger.lineage.rules matched the job";

    private final List<Rule> rules = new ArrayList<>();

    public LineageRules(Map<String, LineageConfig.Rule> configured) {
        for (Map.Entry<String, LineageConfig.Rule> e : new TreeMap<>(configured).entrySet()) {
            rules.add(compile(e.getKey(), e.getValue()));
        }
    }

    private static Rule compile(String pipeline, LineageConfig.Rule rule) {
        String prefix = "cairn.ledger.lineage.rules." + pipeline + ".";
        Pattern namespace = pattern(rule.namespace(), prefix + "namespace");
        Pattern job = pattern(rule.job(), prefix + "job");
        Set<String> groups = new HashSet<>(namespace.namedGroups().keySet());
        groups.addAll(job.namedGroups().keySet());
        return new Rule(
                pipeline,
                namespace,
                job,
                Template.parse(rule.project(), groups, prefix + "project"),
                Template.parse(rule.stage(), groups, prefix + "stage"),
                Template.parse(rule.configId(), groups, prefix + "config-id"));
    }

    private static Pattern pattern(String regex, String property) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(property + " is not a valid RE2/J pattern: " + e.getMessage(), e);
        }
    }

    public int size() {
        return rules.size();
    }

    /** The first rule's target for {@code event} (a RunEvent valid by its schema), or the reason there is none. */
    Match match(JsonNode event) {
        String namespace = event.path("job").path("namespace").asText();
        String name = event.path("job").path("name").asText();
        String firstMiss = null;
        for (Rule rule : rules) {
            Matcher ns = rule.namespace().matcher(namespace);
            Matcher job = rule.job().matcher(name);
            if (!ns.matches() || !job.matches()) {
                continue;
            }
            Map<String, String> groups = new HashMap<>();
            putGroups(rule.namespace(), ns, groups);
            putGroups(rule.job(), job, groups);
            Template.Rendered project = rule.project().render(groups, event);
            Template.Rendered stage = rule.stage().render(groups, event);
            Template.Rendered configId = rule.configId().render(groups, event);
            String missing = project.missing() != null
                    ? project.missing()
                    : stage.missing() != null ? stage.missing() : configId.missing();
            if (missing == null) {
                return new Match(
                        new Target(
                                rule.pipeline(),
                                project.value(),
                                configId.value(),
                                stage.value(),
                                "rule:" + rule.pipeline(),
                                "cairn.ledger.lineage.rules." + rule.pipeline() + "."),
                        null);
            }
            if (firstMiss == null) {
                firstMiss = "rule '" + rule.pipeline() + "' matched the job but {" + missing + "} has no value";
            }
        }
        return new Match(null, firstMiss != null ? firstMiss : NO_RULE);
    }

    private static void putGroups(Pattern pattern, Matcher matcher, Map<String, String> groups) {
        for (String group : pattern.namedGroups().keySet()) {
            String value = matcher.group(group);
            if (value != null) {
                groups.put(group, value);
            }
        }
    }
}
