package dev.cairn.cli.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.command.EventIds;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEvent;

/**
 * Records a finished backup in the project's ledger timeline as an {@code artifact.backed_up} event: the manifest key,
 * files and bytes. Its id and {@code occurred_at} come from the manifest, so re-running a finished backup (for
 * instance after the ledger was unreachable) repeats the same event and the ledger keeps it once.
 */
public final class BackupRecorder {

    private BackupRecorder() {}

    public static ObjectNode event(BackupRunner.Result result) {
        Manifest m = result.manifest();
        Manifest.Run run = m.run();
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("schema", StageEvent.SCHEMA);
        e.put("event_id", EventIds.backup(m.bucket(), result.layout().manifestKey(), result.manifestSha256()));
        e.put("type", EventTypes.BACKED_UP);
        e.put("pipeline", run.pipeline());
        e.put("project", run.project());
        e.put("config_id", run.configId());
        e.put("stage", run.stage());
        if (run.runId() != null) {
            e.put("run_id", run.runId());
        }
        e.put("occurred_at", m.createdAt().toString());
        e.putObject("metrics")
                .put("files", m.totals().files())
                .put("bytes", m.totals().bytes());
        ObjectNode a = e.putObject("attributes");
        a.put("manifest_key", result.layout().manifestKey());
        a.put("bucket", m.bucket());
        a.put("timestamp", m.timestamp());
        a.put("types", String.join(",", m.types()));
        if (run.completionEventId() != null) {
            a.put("completion_event_id", run.completionEventId());
        }
        a.put("producer", "cairn-cli");
        return e;
    }

    public static LedgerApi.Posted record(LedgerApi ledger, BackupRunner.Result result) {
        return ledger.post(event(result));
    }
}
