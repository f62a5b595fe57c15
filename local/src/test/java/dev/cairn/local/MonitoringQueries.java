package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL expressions of the Grafana dashboard ({@code deploy/grafana/cairn-dashboard.json}) and of the alerts
 * ({@code deploy/k8s/components/prometheus-rules}), and the metric names they use.
 */
final class MonitoringQueries {

    static final String DASHBOARD = "deploy/grafana/cairn-dashboard.json";
    static final String RULES = "deploy/k8s/components/prometheus-rules/prometheus-rules.yaml";

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");

    private MonitoringQueries() {}

    /** Every {@code expr} of the dashboard's panels (rows included), in document order. */
    static List<String> dashboardExpressions(Path repo) throws IOException {
        List<String> out = new ArrayList<>();
        collect(Json.mapper().readTree(repo.resolve(DASHBOARD).toFile()).path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<String> out) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
            collect(panel.path("panels"), out);
        }
    }

    /** Every alert's {@code expr} of the PrometheusRule, by alert name. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alertExpressions(Path repo) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(repo.resolve(RULES))) {
            Map<String, Object> rule = new Yaml().load(r);
            for (Map<String, Object> group :
                    (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
                for (Map<String, Object> alert : (List<Map<String, Object>>) group.get("rules")) {
                    out.put((String) alert.get("alert"), (String) alert.get("expr"));
                }
            }
        }
        return out;
    }

    /**
     * The metric names of one PromQL expression: identifiers that are no function call, keyword, label (in a
     * selector or a {@code by (...)} list), string, range or dashboard variable.
     */
    static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The metric names of a Prometheus text exposition (a {@code /q/metrics} answer). */
    static Set<String> exposed(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
