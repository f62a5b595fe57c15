package dev.cairn.cli.command;

import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.ExitCodes;
import dev.cairn.cli.backup.ArtifactType;
import dev.cairn.cli.backup.BackupLayout;
import dev.cairn.cli.backup.BackupRecorder;
import dev.cairn.cli.backup.BackupRunner;
import dev.cairn.cli.backup.CompletionGate;
import dev.cairn.cli.backup.Manifest;
import dev.cairn.cli.backup.PipelineConfig;
import dev.cairn.cli.backup.Progress;
import dev.cairn.cli.backup.S3Store;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.config.Connection;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.cli.config.S3Options;
import dev.cairn.cli.config.Sizes;
import dev.cairn.contracts.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn backup}: the artifact backup document's {@code upload_to_s3.py}, with its flags. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        header = "Back up a run's artifacts to S3, after its success.",
        sortOptions = false,
        description = {
            "Back up a run's artifacts (config, logs, report, gis_data) to s3://{bucket}/{project_key}/{type}/{YYYYMMDD_HHMM}/"
                    + "{relative path}, keeping sub-folders (report/{ts}/assets/chart.png). Each type comes from"
                    + " {folder}/{type}/ and only files with the type's extensions are uploaded (case-insensitive):",
            "  config   .yaml .yml .json .txt",
            "  logs     .txt .log .csv .args",
            "  report   .html .json .png .jpg .jpeg .pdf",
            "  gis_data .shp .shx .dbf .prj .cpg .sbn .sbx .xml .geojson .json .kml .kmz .gdb .gpkg (and all of a *.gdb folder)",
            "With --timestamp every type of the run shares one timestamp (UTC); an interrupted backup is resumed. Files"
                    + " already in S3 with the same size and SHA-256 are skipped. The manifest"
                    + " {project_key}/_manifests/{YYYYMMDD_HHMM}.json is written last: a present manifest means a"
                    + " complete backup. Another run's files are never overwritten without --force.",
            "With --pipeline, the backup is refused (exit 1) unless the ledger shows --stage (default: the final stage)"
                    + " completed for --project (default: the project key), and it is recorded in the project's"
                    + " timeline afterwards (artifact.backed_up)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn backup --config config.yaml --folder /data/projects/RMI25320 --project-key RMI25320 \\",
            "       --include logs --timestamp",
            "  cairn backup --config config.yaml --folder /data/projects/RMI25320 --project-key RMI25320 \\",
            "       --include config logs report --timestamp --pipeline photogrammetry --stage postprocess",
            "  cairn backup --config config.yaml --folder /data/projects/RMI25320 --project-key RMI25320 \\",
            "       --include report --custom-timestamp 20251030_1200",
            "  cairn backup --folder /data/projects/RMI25320/config --project-key RMI25320 --folder-type config \\",
            "       --bucket rmi-360-raw --dry-run"
        })
public final class BackupCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the pipeline's config.yaml: orchestrator.upload_artifacts_to_s3,"
                    + " orchestrator.artifact_types, aws.s3_bucket_raw")
    Path config;

    @Option(
            names = "--folder",
            required = true,
            paramLabel = "DIR",
            description = "the project folder (holding config/, logs/, ...), or with --folder-type the one folder")
    Path folder;

    @Option(
            names = "--project-key",
            required = true,
            paramLabel = "KEY",
            description = "the project's prefix in the bucket")
    String projectKey;

    @Option(
            names = "--include",
            arity = "1..*",
            paramLabel = "TYPE",
            description = "types to back up (default: orchestrator.artifact_types, else config logs report)")
    List<String> include;

    @Option(names = "--folder-type", paramLabel = "TYPE", description = "back up --folder itself as this one type")
    String folderType;

    @Option(
            names = "--timestamp",
            description = "put each type in a {YYYYMMDD_HHMM} folder (now, UTC; or the interrupted backup's)")
    boolean timestamp;

    @Option(
            names = "--custom-timestamp",
            paramLabel = "YYYYMMDD_HHMM",
            description = "put each type in this timestamp folder")
    String customTimestamp;

    @Option(names = "--bucket", description = "bucket (default: aws.s3_bucket_raw of --config)")
    String bucket;

    @Option(names = "--dry-run", description = "list what would be uploaded; write nothing")
    boolean dryRun;

    @Option(
            names = "--force",
            description = "upload even if disabled in --config or the stage is not recorded complete, and overwrite")
    boolean force;

    @Option(
            names = {"-v", "--verbose"},
            description = "list filtered-out files")
    boolean verbose;

    @Option(names = "--pipeline", description = "check the completion in the ledger and record the backup there")
    String pipeline;

    @Option(names = "--project", description = "the ledger's project (default: --project-key)")
    String project;

    @Option(names = "--stage", description = "the stage that must be completed (default: the pipeline's final stage)")
    String stage;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(names = "--run-id", description = "the run whose artifacts these are (default: the completion's run)")
    String runId;

    @Option(
            names = "--concurrency",
            defaultValue = "32",
            description = "files uploaded at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--part-size",
            defaultValue = "32MiB",
            converter = Sizes.class,
            description = "multipart part size and threshold (default: ${DEFAULT-VALUE})")
    long partSize;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines or none")
    Progress.Mode progress;

    @Mixin
    S3Options s3Options;

    @Mixin
    ConnectionOptions connection;

    public BackupCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        validateFlags();
        PipelineConfig cfg = config != null ? PipelineConfig.read(config) : null;
        if (cfg != null && !cfg.uploadEnabled() && !force) {
            ctx.out()
                    .println("Artifact upload is disabled: orchestrator.upload_artifacts_to_s3 is not true in " + config
                            + "; nothing uploaded (--force uploads anyway).");
            return ExitCodes.OK;
        }
        Map<ArtifactType, Path> sources = sources(cfg);
        String targetBucket = bucket != null ? bucket : cfg != null ? cfg.bucket() : null;
        if (targetBucket == null) {
            throw CliException.usage(
                    "--bucket",
                    cfg != null
                            ? "missing aws.s3_bucket_raw in " + config + " (or pass --bucket)"
                            : "not set: pass --bucket or --config with aws.s3_bucket_raw");
        }
        Connection conn = connection.resolve(ctx.env());
        Manifest.Run run = pipeline != null ? checkCompletion(Clients.ledger(conn)) : null;
        BackupLayout layout = new BackupLayout(projectKey, customTimestamp, timestamp || customTimestamp != null);
        BackupRunner.TimestampMode mode = customTimestamp != null
                ? BackupRunner.TimestampMode.GIVEN
                : timestamp ? BackupRunner.TimestampMode.NOW_OR_RESUME : BackupRunner.TimestampMode.NONE;
        BackupRunner.Result result;
        try (S3Store s3 = new S3Store(s3Options.resolve(ctx.env(), conn.file()), targetBucket, concurrency, partSize)) {
            result = new BackupRunner(s3, ctx.out(), ctx.err())
                    .run(new BackupRunner.Request(
                            sources, layout, mode, run, force, dryRun, verbose, concurrency, progress, ctx.terminal()));
        }
        if (dryRun) {
            return ExitCodes.OK;
        }
        Manifest m = result.manifest();
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "backed up %d file(s) (%s) to s3://%s/%s/{%s}/%s in %.1f s: %d uploaded (%s), %d already in S3, %d filtered out%n",
                        m.totals().files(),
                        Progress.size(m.totals().bytes()),
                        m.bucket(),
                        projectKey,
                        String.join(",", m.types()),
                        result.layout().timestampFolders() ? result.layout().timestamp() + "/" : "",
                        result.seconds(),
                        result.uploaded(),
                        Progress.size(result.uploadedBytes()),
                        result.alreadyPresent(),
                        m.totals().filteredOut());
        ctx.out().println("manifest: s3://" + m.bucket() + "/" + result.layout().manifestKey());
        if (run == null) {
            ctx.out().println("not recorded in the ledger (no --pipeline)");
            return ExitCodes.OK;
        }
        try {
            LedgerApi.Posted posted = BackupRecorder.record(Clients.ledger(conn), result);
            ctx.out()
                    .println((posted == LedgerApi.Posted.RECORDED ? "recorded" : "already recorded")
                            + " in the ledger: " + "artifact.backed_up of " + run.pipeline() + "/" + run.project()
                            + " stage " + run.stage());
        } catch (CliException e) {
            throw new CliException(
                    e.exitCode(),
                    "the backup is complete (manifest " + result.layout().manifestKey()
                            + ") but could not be recorded in the ledger; run the same command again to record it: "
                            + e.getMessage(),
                    e);
        }
        return ExitCodes.OK;
    }

    private void validateFlags() {
        Checks.names(
                "--project-key",
                projectKey,
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
        if (timestamp && customTimestamp != null) {
            throw CliException.usage("--custom-timestamp", "give either --timestamp or --custom-timestamp, not both");
        }
        if (customTimestamp != null && !BackupLayout.isTimestamp(customTimestamp)) {
            throw CliException.usage(
                    "--custom-timestamp",
                    "'" + customTimestamp + "' is not a date and time YYYYMMDD_HHMM, e.g. 20251030_1200");
        }
        if (include != null && folderType != null) {
            throw CliException.usage(
                    "--folder-type",
                    "give either --include (a project folder) or --folder-type (one folder), not both");
        }
        if (!Files.isDirectory(folder)) {
            throw CliException.usage("--folder", folder + " does not exist or is not a folder");
        }
        if (pipeline == null && (project != null || stage != null || runId != null)) {
            throw CliException.usage(
                    project != null ? "--project" : stage != null ? "--stage" : "--run-id", "needs --pipeline");
        }
        if (concurrency < 1 || concurrency > 512) {
            throw CliException.usage("--concurrency", "must be between 1 and 512");
        }
        if (partSize < 5L * 1024 * 1024) {
            throw CliException.usage("--part-size", "must be at least 5MiB (S3's smallest part)");
        }
    }

    private Map<ArtifactType, Path> sources(PipelineConfig cfg) {
        Map<ArtifactType, Path> sources = new LinkedHashMap<>();
        if (folderType != null) {
            sources.put(type("--folder-type", folderType), folder);
            return sources;
        }
        List<ArtifactType> types = new ArrayList<>();
        if (include != null) {
            for (String name : include) {
                types.add(type("--include", name));
            }
        } else {
            types.addAll(cfg != null ? cfg.artifactTypes() : ArtifactType.DEFAULTS);
        }
        types.forEach(t -> sources.put(t, folder.resolve(t.folder())));
        return sources;
    }

    private static ArtifactType type(String flag, String name) {
        return ArtifactType.of(name)
                .orElseThrow(() ->
                        CliException.usage(flag, "unknown type '" + name + "'; choose from " + ArtifactType.names()));
    }

    /** "Only after success": the ledger must show the stage completed, unless --force. */
    private Manifest.Run checkCompletion(LedgerApi ledger) {
        String ledgerProject = project != null ? project : projectKey;
        List<String> stages = ledger.stages(pipeline);
        String target = ledger.stageOrFinal(pipeline, stages, stage);
        Optional<CompletionGate.Completion> done =
                new CompletionGate(ledger).completion(pipeline, ledgerProject, configId, target, stages);
        String what = "stage " + target + " of project " + ledgerProject + " (pipeline " + pipeline + ", config "
                + configId + ")";
        if (done.isEmpty() && !force) {
            throw CliException.failed("refusing to back up: the ledger does not show " + what + " completed; back up"
                    + " after the run succeeds, or pass --force");
        }
        if (done.isEmpty()) {
            ctx.err().println("warning: the ledger does not show " + what + " completed; backing up anyway (--force)");
        }
        CompletionGate.Completion c = done.orElse(new CompletionGate.Completion(null, null, null));
        return new Manifest.Run(
                pipeline,
                ledgerProject,
                configId,
                target,
                runId != null ? runId : c.runId(),
                c.eventId(),
                c.completedAt(),
                done.isEmpty() ? Boolean.TRUE : null);
    }
}
