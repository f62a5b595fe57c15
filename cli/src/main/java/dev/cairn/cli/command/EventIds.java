package dev.cairn.cli.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Event ids the CLI derives from what an event is about, so a retried step or a re-run backup repeats the same id and
 * the ledger records it once.
 */
public final class EventIds {

    private EventIds() {}

    /** {@code cli-<sha256 hex>} of (pipeline, project, config_id, stage, type, run_id); no run id counts as empty. */
    public static String stageEvent(
            String pipeline, String project, String configId, String stage, String type, String runId) {
        return "cli-" + sha256(pipeline, project, configId, stage, type, runId == null ? "" : runId);
    }

    /** {@code backup-<sha256 hex>} of the bucket, the manifest key and the manifest's own SHA-256. */
    public static String backup(String bucket, String manifestKey, String manifestSha256) {
        return "backup-" + sha256(bucket, manifestKey, manifestSha256);
    }

    private static String sha256(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0); // a separator no name can contain
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
