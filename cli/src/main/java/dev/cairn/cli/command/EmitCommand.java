package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.KafkaEventSender;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.config.Connection;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.contracts.Topics;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn emit started|completed|failed}: records a stage event, over HTTP (default) or Kafka. */
@Command(
        name = "emit",
        mixinStandardHelpOptions = true,
        header = "Record that a step started, completed or failed a stage.",
        description = {
            "Record that a step started, completed or failed a stage of a project.",
            "The event id is derived from (pipeline, project, config id, stage, type, run id): a retried step repeats"
                    + " the same event and the ledger records it once. Pass --run-id (e.g. Argo's {{workflow.uid}})"
                    + " so that each run of the stage is an event of its own.",
            "Over HTTP it retries until the ledger acknowledges (--retry-for) and prints 'recorded' (201) or"
                    + " 'already recorded' (200, or 409: an earlier attempt with the same id was recorded with other"
                    + " fields and is kept). Over Kafka it waits for acks=all; the ledger dedupes by event id."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn emit started   --pipeline photogrammetry --project mission_001 --stage metashape --run-id wf-42",
            "  cairn emit completed --pipeline photogrammetry --project mission_001 --stage metashape --run-id wf-42 \\",
            "       --metric rows_processed=15000 --metric s3_metrics.files_uploaded=3 --attr producer=argo",
            "  cairn emit completed --pipeline photogrammetry --project mission_001 --stage metashape --run-id wf-42 \\",
            "       --metrics-json /tmp/cairn-metrics.json --occurred-at 2024-01-15T10:30:00Z",
            "  cairn emit failed    --pipeline photogrammetry --project mission_001 --stage metashape --run-id wf-42 \\",
            "       --error 'Metashape crashed: out of GPU memory' --via kafka"
        })
public final class EmitCommand implements Callable<Integer> {

    /** The three stage event types, as the command spells them. */
    public enum Kind {
        started,
        completed,
        failed
    }

    /** The transports. */
    public enum Via {
        http,
        kafka
    }

    private static final Map<String, String> FLAG_OF_FIELD = Map.of(
            "pipeline", "--pipeline",
            "project", "--project",
            "config_id", "--config-id",
            "stage", "--stage",
            "run_id", "--run-id",
            "metrics", "--metric/--metrics-json",
            "attributes", "--attr",
            "error", "--error",
            "occurred_at", "--occurred-at",
            "started_at", "--started-at");

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "started|completed|failed", description = "what happened")
    Kind kind;

    @Option(names = "--pipeline", required = true, description = "declared pipeline")
    String pipeline;

    @Option(names = "--project", required = true, description = "project (mission, table, ...)")
    String project;

    @Option(names = "--stage", required = true, description = "declared stage of the pipeline")
    String stage;

    @Option(
            names = "--config-id",
            defaultValue = Names.DEFAULT_CONFIG_ID,
            description = "config id (default: ${DEFAULT-VALUE})")
    String configId;

    @Option(names = "--run-id", description = "the run (workflow) that did it")
    String runId;

    @Option(
            names = "--metric",
            paramLabel = "KEY=VALUE",
            description = "a metric; numbers and true/false are typed; a.b=1 nests b in group a")
    List<String> metrics = new ArrayList<>();

    @Option(
            names = "--metrics-json",
            paramLabel = "FILE|-",
            description = "metrics as one JSON object, from a file or '-' for stdin (what a step wrote, e.g."
                    + " /tmp/cairn-metrics.json); an empty file is {}; --metric adds to it")
    String metricsJson;

    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "a string attribute")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--error", paramLabel = "TEXT", description = "what went wrong (failed only)")
    String error;

    @Option(names = "--occurred-at", paramLabel = "ISO-8601", description = "when it happened (default: now)")
    String occurredAt;

    @Option(names = "--started-at", paramLabel = "ISO-8601", description = "when the execution started")
    String startedAt;

    @Option(names = "--via", defaultValue = "http", description = "http (default) or kafka")
    Via via;

    @Mixin
    ConnectionOptions connection;

    public EmitCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws java.io.IOException {
        Checks.names(
                "--pipeline",
                pipeline,
                "--project",
                project,
                "--stage",
                stage,
                "--config-id",
                configId,
                "--run-id",
                runId);
        if (error != null && kind != Kind.failed) {
            throw CliException.usage("--error", "only a failed event carries an error");
        }
        ObjectNode event = event();
        validate(event);
        Connection conn = connection.resolve(ctx.env());
        String what = "stage." + kind + " of " + stage + " for " + project + " (event_id "
                + event.get("event_id").asText() + ")";
        if (via == Via.kafka) {
            try (KafkaEventSender kafka = new KafkaEventSender(conn.kafkaBootstrapServers(), conn.retryFor())) {
                var md = kafka.send(Topics.STAGE_EVENTS, Topics.key(pipeline, project, configId), bytes(event));
                ctx.out()
                        .println("sent " + what + " to " + Topics.STAGE_EVENTS + " partition " + md.partition()
                                + " offset " + md.offset());
            }
            return 0;
        }
        LedgerApi ledger = Clients.ledger(conn);
        switch (ledger.post(event)) {
            case RECORDED -> ctx.out().println("recorded " + what);
            case ALREADY_RECORDED -> ctx.out().println("already recorded " + what);
            case RECORDED_DIFFERENTLY ->
                ctx.out()
                        .println("already recorded " + what
                                + ": an earlier attempt recorded it with other fields, and the ledger keeps that one");
        }
        return 0;
    }

    private ObjectNode event() throws java.io.IOException {
        ObjectNode e = Json.mapper().createObjectNode();
        String type = "stage." + kind;
        e.put("schema", "cairn.stage-event/v1");
        e.put("event_id", EventIds.stageEvent(pipeline, project, configId, stage, type, runId));
        e.put("type", type);
        e.put("pipeline", pipeline);
        e.put("project", project);
        e.put("config_id", configId);
        e.put("stage", stage);
        if (runId != null) {
            e.put("run_id", runId);
        }
        e.put(
                "occurred_at",
                occurredAt != null
                        ? instant("--occurred-at", occurredAt)
                        : Instant.now().toString());
        if (startedAt != null) {
            e.put("started_at", instant("--started-at", startedAt));
        }
        ObjectNode m = metricsJson != null
                ? MetricsJson.read(metricsJson, ctx.in())
                : Json.mapper().createObjectNode();
        if (!metrics.isEmpty()) {
            MetricsJson.merge("--metric", m, KeyValues.metrics("--metric", metrics), "");
        }
        if (!m.isEmpty()) {
            e.set("metrics", m);
        }
        if (!attributes.isEmpty()) {
            ObjectNode a = e.putObject("attributes");
            KeyValues.attributes("--attr", attributes).forEach(a::put);
        }
        if (error != null) {
            e.put("error", error);
        }
        return e;
    }

    /** The contract's own validation; the first problem becomes a usage error naming its flag. */
    private static void validate(ObjectNode event) {
        StageEventValidator.Result r = new StageEventValidator().validate(bytes(event));
        if (!r.valid()) {
            Problem p = r.problems().get(0);
            String field =
                    p.field().contains(".") ? p.field().substring(0, p.field().indexOf('.')) : p.field();
            throw CliException.usage(FLAG_OF_FIELD.getOrDefault(field, field), p.message());
        }
    }

    private static String instant(String flag, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw CliException.usage(
                    flag, "'" + value + "' is not an ISO-8601 date-time with an offset, e.g. 2024-01-15T10:30:00Z");
        }
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
