package dev.cairn.bootstrap.messaging;

import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.SourceRecord;
import dev.cairn.contracts.CompletionLogEntry;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.StageEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stage events bootstrap-service emits, with ids derived from their content only: the same scan of unchanged
 * objects, or the same log line, gives byte-identical events (fixed field order, no "now"), so the ledger applies
 * each once. Ids: {@code bootstrap-} / {@code import-} + 40 hex digits of a SHA-256 over length-prefixed fields.
 */
public final class EventFactory {

    public static final String SCAN_PREFIX = "bootstrap-";
    public static final String IMPORT_PREFIX = "import-";
    public static final String SOURCE_SCAN = "s3-scan";
    public static final String SOURCE_LOG = "completion-log";
    private static final int ID_HEX_DIGITS = 40;

    private EventFactory() {}

    /** A sentinel found by a scan: identity (pipeline, project, config_id, stage, source bucket + prefix). */
    public static StageEvent scanEvent(String pipeline, String configId, SourceRecord source, Match match) {
        String id = SCAN_PREFIX
                + digest(pipeline, match.project(), configId, source.stage(), source.bucket(), source.prefix());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("source", SOURCE_SCAN);
        attributes.put("bucket", source.bucket());
        attributes.put("key", match.key());
        if (match.etag() != null) {
            attributes.put("etag", match.etag());
        }
        return new StageEvent(
                StageEvent.SCHEMA,
                id,
                EventTypes.COMPLETED,
                pipeline,
                match.project(),
                configId,
                source.stage(),
                CompletionLogEntry.RETROACTIVE_WORKFLOW,
                match.lastModified(),
                null,
                null,
                attributes,
                null);
    }

    /** A completion-log line: identity (pipeline, project, config_id, stage, timestamp, workflow). */
    public static StageEvent importEvent(
            String pipeline, String project, String configId, String stage, Instant timestamp, String runId) {
        String id = IMPORT_PREFIX
                + digest(pipeline, project, configId, stage, timestamp.toString(), runId == null ? "" : runId);
        return new StageEvent(
                StageEvent.SCHEMA,
                id,
                EventTypes.COMPLETED,
                pipeline,
                project,
                configId,
                stage,
                runId,
                timestamp,
                null,
                null,
                Map.of("source", SOURCE_LOG),
                null);
    }

    static String digest(String... fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : fields) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, ID_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
