package dev.cairn.cli.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code cairn backup} reads from the pipeline's {@code config.yaml} (the backup document's keys):
 * {@code orchestrator.upload_artifacts_to_s3} (default false), {@code orchestrator.artifact_types} (default config,
 * logs, report) and {@code aws.s3_bucket_raw}. Everything else in the file is the pipeline's business and ignored.
 */
public record PipelineConfig(Path file, boolean uploadEnabled, List<ArtifactType> artifactTypes, String bucket) {

    public static PipelineConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("--config", file + " does not exist or is not a file");
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw CliException.usage(
                    "--config",
                    file + " is not valid YAML: " + e.getOriginalMessage()
                            + (e.getLocation() != null
                                    ? " (line " + e.getLocation().getLineNr() + ")"
                                    : ""));
        } catch (IOException e) {
            throw CliException.usage("--config", file + " cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = YAMLMapper.builder().build().createObjectNode();
        }
        JsonNode orchestrator = root.path("orchestrator");
        JsonNode enabled = orchestrator.path("upload_artifacts_to_s3");
        if (!enabled.isMissingNode() && !enabled.isNull() && !enabled.isBoolean()) {
            throw problem(
                    file,
                    "orchestrator.upload_artifacts_to_s3",
                    "must be true or false, not '" + enabled.asText() + "'");
        }
        List<ArtifactType> types = new ArrayList<>();
        JsonNode list = orchestrator.path("artifact_types");
        if (list.isMissingNode() || list.isNull()) {
            types.addAll(ArtifactType.DEFAULTS);
        } else if (!list.isArray()) {
            throw problem(file, "orchestrator.artifact_types", "must be a list of " + ArtifactType.names());
        } else {
            for (int i = 0; i < list.size(); i++) {
                String name = list.get(i).asText();
                ArtifactType type = ArtifactType.of(name)
                        .orElseThrow(() -> problem(
                                file,
                                "orchestrator.artifact_types",
                                "unknown type '" + name + "'; choose from " + ArtifactType.names()));
                if (!types.contains(type)) {
                    types.add(type);
                }
            }
        }
        JsonNode bucket = root.path("aws").path("s3_bucket_raw");
        return new PipelineConfig(
                file,
                enabled.asBoolean(false),
                List.copyOf(types),
                bucket.isTextual() && !bucket.asText().isBlank()
                        ? bucket.asText().trim()
                        : null);
    }

    private static CliException problem(Path file, String key, String message) {
        return CliException.usage("--config " + file + ": " + key, message);
    }
}
