package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn plan}: which projects to run, from the planner. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        header = "Which projects to run (from the planner).",
        description = {
            "Ask the planner which of the given projects to run. Prints one line per project to run, in input order;"
                    + " a summary goes to stderr. --json prints the planner's full answer (levels, skip_stages,"
                    + " skip_<stage>, reasons).",
            "Projects come from --projects (a,b or a JSON array [\"a\",\"b\"]), from --projects-file FILE (one per"
                    + " line; blank lines and # comments skipped), from --config-list FILE (a config list as"
                    + " generate_remaining_configs.py reads it: text before # stripped, project = file name without"
                    + " extension, the entry kept as the project's config), or from stdin with '-'. An empty"
                    + " --projects or --config-list counts as not given, so a workflow can pass both and set one."
                    + " A project listed twice runs once (its first entry), with a warning.",
            "--items prints one JSON array of the projects to run, for a fan-out (Argo withParam, Airflow expand):"
                    + " {project, config, config_id, level, skip_stages, skip_<stage> for every stage}; the seed's"
                    + " 'Skipping ...' and 'Processing N projects, skipped M as already complete' lines go to stderr."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn plan --pipeline photogrammetry --skip-if-complete both --projects mission_001,mission_002",
            "  ls /data/missions | cairn plan --pipeline photogrammetry --skip-if-complete postprocess --fresh -",
            "  cairn plan --pipeline photogrammetry --skip-if-complete both --projects-file missions.txt --json",
            "  cairn plan --pipeline photogrammetry --skip-if-complete both --config-list batch1.txt --fresh --items"
        })
public final class PlanCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(
            names = "--skip-if-complete",
            required = true,
            paramLabel = "MODE",
            description = "none | a stage name (skip projects at that level or later) | both (skip complete projects,"
                    + " run the rest skipping their completed stages)")
    String mode;

    @Option(
            names = "--projects",
            paramLabel = "NAMES",
            description = "project names, comma-separated or a JSON array; empty: not given")
    List<String> projects;

    @Option(names = "--projects-file", paramLabel = "FILE", description = "one project name per line")
    Path projectsFile;

    @Option(
            names = "--config-list",
            paramLabel = "FILE",
            description = "a config list (one config file per line); empty: not given")
    String configList;

    @Parameters(arity = "0..1", paramLabel = "-", description = "read project names from stdin")
    String stdin;

    @Option(names = "--fresh", description = "wait (bounded) until the planner has every completion recorded so far")
    boolean fresh;

    @Option(names = "--json", description = "print the planner's full answer")
    boolean json;

    @Option(
            names = "--items",
            description = "print the projects to run as one JSON array of objects (a fan-out's input)")
    boolean items;

    @Mixin
    ConnectionOptions connection;

    public PlanCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Checks.names("--pipeline", pipeline, "--config-id", configId);
        if (json && items) {
            throw CliException.usage("--items", "give --json or --items, not both");
        }
        Map<String, String> entries = unique(entries());
        List<String> names = new ArrayList<>(entries.keySet());
        CairnHttp planner = Clients.planner(connection.resolve(ctx.env()));
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("pipeline", pipeline);
        body.put("config_id", configId);
        body.put("skip_if_complete", mode);
        ArrayNode list = body.putArray("projects");
        names.forEach(list::add);
        CairnHttp.Answer a = planner.post(
                "/api/v1/plan" + (fresh ? "?fresh=true" : ""), "application/json", EmitCommand.bytes(body));
        if (!a.ok()) {
            throw planner.refused(a, "plan");
        }
        JsonNode answer = a.json();
        if (json) {
            ctx.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else if (items) {
            ctx.out().println(Json.mapper().writeValueAsString(items(answer, entries)));
        } else {
            for (JsonNode p : answer.path("projects")) {
                if (p.path("run").asBoolean()) {
                    ctx.out().println(p.path("project").asText());
                }
            }
        }
        JsonNode s = answer.path("summary");
        ctx.err()
                .println("# " + s.path("to_run").asInt() + " to run ("
                        + s.path("partial").asInt() + " partial), "
                        + s.path("skipped").asInt() + " skipped, of "
                        + s.path("requested").asInt() + "; as of "
                        + answer.path("as_of").asText());
        answer.path("warnings").forEach(w -> ctx.err().println("# warning: " + w.asText()));
        return 0;
    }

    /** (project, config entry) in input order; the config is "" unless the projects come from a config list. */
    private List<Map.Entry<String, String>> entries() throws IOException {
        List<String> given = projects == null
                ? List.of()
                : projects.stream().filter(p -> !p.isBlank()).toList();
        boolean fromList = configList != null && !configList.isBlank();
        int sources = (given.isEmpty() ? 0 : 1)
                + (projectsFile != null ? 1 : 0)
                + (stdin != null ? 1 : 0)
                + (fromList ? 1 : 0);
        if (sources != 1) {
            throw CliException.usage(
                    "--projects",
                    "give the projects exactly one way: --projects a,b, --projects-file FILE, --config-list FILE, or -"
                            + " for stdin");
        }
        if (stdin != null && !stdin.equals("-")) {
            throw CliException.usage(stdin, "unexpected argument; use --projects-file FILE, or - to read stdin");
        }
        if (fromList) {
            return configEntries(read("--config-list", Path.of(configList)));
        }
        List<String> names = new ArrayList<>();
        if (!given.isEmpty()) {
            for (String value : given) {
                names.addAll(projectNames(value));
            }
        } else if (projectsFile != null) {
            names.addAll(lines(read("--projects-file", projectsFile)));
        } else {
            names.addAll(lines(ctx.in().readAllBytes()));
        }
        return names.stream().map(n -> Map.entry(n, "")).toList();
    }

    private static byte[] read(String flag, Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage(flag, file + " does not exist");
        }
    }

    /** One --projects value: a JSON array of names, or names separated by commas. */
    static List<String> projectNames(String value) {
        String v = value.strip();
        List<String> out = new ArrayList<>();
        if (v.startsWith("[")) {
            JsonNode array;
            try {
                array = Json.mapper().readTree(v);
            } catch (IOException e) {
                throw CliException.usage("--projects", "'" + v + "' is not a JSON array of names");
            }
            for (JsonNode n : array) {
                if (!n.isTextual()) {
                    throw CliException.usage("--projects", "'" + v + "' holds " + n + ", not a project name");
                }
                out.add(n.asText().strip());
            }
        } else {
            out.addAll(List.of(v.split(",")));
        }
        return out.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A config list as the seed's scripts read it: the text before {@code #}, stripped; blank entries skipped; the
     * project is the file name without its extension, the entry is kept verbatim as its config.
     */
    static List<Map.Entry<String, String>> configEntries(byte[] content) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!entry.isEmpty()) {
                String file = entry.substring(entry.lastIndexOf('/') + 1);
                int dot = file.lastIndexOf('.');
                out.add(Map.entry(dot > 0 ? file.substring(0, dot) : file, entry));
            }
        }
        return out;
    }

    /** The first entry of each project, in order; a project listed again is reported and left out. */
    private Map<String, String> unique(List<Map.Entry<String, String>> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries) {
            if (out.putIfAbsent(e.getKey(), e.getValue()) != null) {
                ctx.err()
                        .println("Warning: project " + e.getKey() + " is listed more than once; only its first entry"
                                + " runs");
            }
        }
        return out;
    }

    /** The projects to run as fan-out items; the seed's skip and summary lines on stderr. */
    private ArrayNode items(JsonNode answer, Map<String, String> entries) {
        ArrayNode out = Json.mapper().createArrayNode();
        int skipped = 0;
        for (JsonNode p : answer.path("projects")) {
            String project = p.path("project").asText();
            if (!p.path("run").asBoolean()) {
                skipped++;
                ctx.err()
                        .println("Skipping " + project + " (config_id=" + configId + "): already complete at level '"
                                + p.path("level").asText() + "'");
                continue;
            }
            ObjectNode item = out.addObject();
            item.put("project", project);
            item.put("config", entries.getOrDefault(project, ""));
            item.put("config_id", configId);
            item.set("level", p.path("level").isTextual() ? p.get("level") : item.nullNode());
            ArrayNode skip = item.putArray("skip_stages");
            java.util.Set<String> skips = new java.util.HashSet<>();
            p.path("skip_stages").forEach(s -> {
                skip.add(s);
                skips.add(s.asText());
            });
            for (JsonNode stage : answer.path("stages")) {
                item.put("skip_" + stage.asText(), skips.contains(stage.asText()));
            }
        }
        ctx.err().println("Processing " + out.size() + " projects, skipped " + skipped + " as already complete");
        return out;
    }

    private static List<String> lines(byte[] content) {
        List<String> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                out.add(name);
            }
        }
        return out;
    }
}
