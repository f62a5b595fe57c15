package dev.cairn.cli.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code {project_key}/_manifests/{YYYYMMDD_HHMM}.json}, written after every file of the backup is uploaded and
 * verified: its presence means the backup is complete. It lists each object (key, size, SHA-256) and the run.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        String schema,
        String bucket,
        String projectKey,
        String timestamp,
        Instant createdAt,
        List<String> types,
        Run run,
        Totals totals,
        List<Entry> files) {

    public static final String SCHEMA = "cairn.backup-manifest/v1";

    /** The run the artifacts belong to, and the ledger's completion that allowed the backup (absent with --force). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(
            String pipeline,
            String project,
            String configId,
            String stage,
            String runId,
            String completionEventId,
            Instant completedAt,
            Boolean forced) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Totals(long files, long bytes, long filteredOut) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(String key, String type, String path, long size, String sha256) {}

    public byte[] toBytes() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest parse(byte[] bytes) throws IOException {
        return Json.mapper().readValue(bytes, Manifest.class);
    }

    /** Whether {@code other} lists exactly the same objects (key, size, SHA-256) in the same bucket. */
    public boolean sameContentAs(Manifest other) {
        return bucket.equals(other.bucket) && files.equals(other.files);
    }
}
