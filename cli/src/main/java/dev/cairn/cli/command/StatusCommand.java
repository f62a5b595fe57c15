package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn status}: a project's state and its last timeline entries. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        header = "A project's state and timeline.",
        description = {
            "Show a project's state (level, each stage) and the last entries of its timeline (--last, default 20),"
                    + " backups included, as tables or --json. Exit 1 when the ledger has no record of the project."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn status --pipeline photogrammetry --project mission_001",
            "  cairn status --pipeline photogrammetry --project mission_001 --json | jq .state.level"
        })
public final class StatusCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(names = "--project", required = true)
    String project;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(names = "--last", defaultValue = "20", description = "timeline entries to show (default: ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--json", description = "print {state, timeline, timeline_total} as JSON")
    boolean json;

    @Mixin
    ConnectionOptions connection;

    public StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Checks.names("--pipeline", pipeline, "--project", project, "--config-id", configId);
        if (last < 1) {
            throw CliException.usage("--last", "must be at least 1");
        }
        LedgerApi ledger = Clients.ledger(connection.resolve(ctx.env()));
        ledger.stages(pipeline);
        Optional<JsonNode> state = ledger.completion(pipeline, project, configId);
        List<JsonNode> timeline = ledger.timeline(pipeline, project, configId);
        if (state.isEmpty() && timeline.isEmpty()) {
            throw CliException.failed(
                    "no event recorded for project " + project + " (config " + configId + ") of pipeline " + pipeline);
        }
        List<JsonNode> tail = timeline.subList(Math.max(0, timeline.size() - last), timeline.size());
        if (json) {
            ObjectNode out = Json.mapper().createObjectNode();
            out.set("state", state.orElse(null));
            out.putArray("timeline")
                    .addAll(tail.stream().map(StatusCommand::withParsedBody).toList());
            out.put("timeline_total", timeline.size());
            ctx.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
        PrintStream out = ctx.out();
        state.ifPresentOrElse(
                s -> printState(out, s),
                () -> out.println(pipeline + " / " + project + " (config " + configId
                        + "): no state (only record-only events such as backups)"));
        out.println();
        out.println("Timeline (last " + tail.size() + " of " + timeline.size() + ")");
        Table t = new Table("SEQ", "OCCURRED_AT", "TYPE", "STAGE", "RUN", "DETAIL");
        for (JsonNode e : tail) {
            t.row(
                    e.path("seq").asText(),
                    e.path("occurred_at").asText(),
                    e.path("type").asText(),
                    e.path("stage").asText(""),
                    e.path("run_id").asText(""),
                    detail(withParsedBody(e).path("body")));
        }
        t.print(out);
        return 0;
    }

    private void printState(PrintStream out, JsonNode s) {
        out.println(pipeline + " / " + project + " (config " + configId + ")   level: "
                + (s.path("level").isNull() ? "-" : s.path("level").asText()) + "   version: "
                + s.path("version").asText());
        Table t = new Table("STAGE", "STATUS", "LAST_COMPLETED_AT", "LAST_RUN", "ATTEMPTS");
        for (JsonNode stage : s.path("stages")) {
            JsonNode st = s.path("stage_states").path(stage.asText());
            t.row(
                    stage.asText(),
                    st.path("status").asText("-"),
                    st.path("last_completed_at").asText("-"),
                    st.path("last_run_id").asText("-"),
                    st.has("attempts") ? st.path("attempts").asText() : "-");
        }
        t.print(out);
    }

    /** The ledger stores the event body as JSON text; show it as JSON. */
    private static JsonNode withParsedBody(JsonNode entry) {
        ObjectNode copy = entry.deepCopy();
        if (entry.path("body").isTextual()) {
            try {
                copy.set("body", Json.mapper().readTree(entry.path("body").asText()));
            } catch (IOException e) {
                // keep the text
            }
        }
        return copy;
    }

    /** Metrics and the error or backup fields, in one short cell. */
    private static String detail(JsonNode body) {
        StringBuilder sb = new StringBuilder();
        if (body.has("error")) {
            sb.append("error: ").append(body.path("error").asText()).append(' ');
        }
        JsonNode attrs = body.path("attributes");
        if (attrs.has("manifest_key")) {
            sb.append("s3://")
                    .append(attrs.path("bucket").asText())
                    .append('/')
                    .append(attrs.path("manifest_key").asText())
                    .append(' ');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            sb.append(m.getKey())
                    .append('=')
                    .append(
                            m.getValue().isValueNode()
                                    ? m.getValue().asText()
                                    : m.getValue().toString())
                    .append(' ');
        }
        String s = sb.toString().trim();
        return s.length() > 120 ? s.substring(0, 119) + "…" : s;
    }
}
