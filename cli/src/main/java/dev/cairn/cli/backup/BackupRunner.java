package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One backup, start to end: scan, choose the timestamp, compare with S3, refuse to overwrite, upload and verify,
 * then write the manifest last. Nothing is written before every check has passed, and no manifest exists until
 * every file is in S3.
 */
public final class BackupRunner {

    /** What to back up and how. */
    public record Request(
            Map<ArtifactType, Path> sources,
            BackupLayout layout,
            TimestampMode timestampMode,
            Manifest.Run run,
            boolean force,
            boolean dryRun,
            boolean verbose,
            int concurrency,
            Progress.Mode progress,
            boolean terminal) {}

    /** How the timestamp is chosen. */
    public enum TimestampMode {
        /** {@code --timestamp}: now, or the interrupted backup being resumed. */
        NOW_OR_RESUME,
        /** {@code --custom-timestamp}: the one in the layout. */
        GIVEN,
        /** no timestamp folders; the manifest is named after now. */
        NONE
    }

    /** What was done. {@code manifest} is null for a dry run. */
    public record Result(
            BackupLayout layout,
            Manifest manifest,
            String manifestSha256,
            int uploaded,
            int alreadyPresent,
            long uploadedBytes,
            double seconds) {}

    private final S3Store s3;
    private final PrintStream out;
    private final PrintStream err;

    public BackupRunner(S3Store s3, PrintStream out, PrintStream err) {
        this.s3 = s3;
        this.out = out;
        this.err = err;
    }

    public Result run(Request r) {
        long start = System.nanoTime();
        Instant now = Instant.now();
        Sources sources = scan(r);
        Map<ArtifactType, List<LocalFile>> byType = sources.byType();
        List<LocalFile> files = sources.files();
        int filteredOut = sources.filteredOut();
        s3.checkBucket();
        BackupLayout layout = switch (r.timestampMode()) {
            case GIVEN -> r.layout();
            case NOW_OR_RESUME -> r.layout().withTimestamp(TimestampChooser.choose(s3, r.layout(), byType, now, err));
            case NONE -> r.layout().withTimestamp(BackupLayout.timestampOf(now));
        };
        ExecutorService workers = Executors.newFixedThreadPool(r.concurrency(), daemon());
        try {
            BackupPlan plan = BackupPlan.make(s3, layout, files, workers);
            Optional<Manifest> existing = existingManifest(layout);
            if (!plan.conflicts.isEmpty() && !r.force()) {
                throw CliException.failed("refusing to overwrite " + plan.conflicts.size()
                        + " object(s) of another backup in s3://"
                        + s3.bucket() + "/" + layout.projectKey() + "/ (timestamp " + layout.timestamp()
                        + "); --force overwrites:\n  "
                        + String.join("\n  ", plan.conflicts.subList(0, Math.min(10, plan.conflicts.size())))
                        + (plan.conflicts.size() > 10 ? "\n  … and " + (plan.conflicts.size() - 10) + " more" : ""));
            }
            long bytes = plan.toUpload.stream().mapToLong(i -> i.file().size()).sum();
            if (r.dryRun()) {
                plan.toUpload.forEach(i ->
                        out.println("would upload " + i.file().path() + " -> s3://" + s3.bucket() + "/" + i.key()));
                out.println("dry run: " + plan.toUpload.size() + " file(s) (" + Progress.size(bytes) + ") to upload, "
                        + plan.present.size() + " already in S3, " + filteredOut
                        + " filtered out; manifest would be s3://"
                        + s3.bucket() + "/" + layout.manifestKey());
                return new Result(layout, null, null, 0, plan.present.size(), 0, seconds(start));
            }
            Map<String, Digest> digests = new LinkedHashMap<>(plan.present);
            try (Progress progress = new Progress(
                    err,
                    r.progress(),
                    r.terminal(),
                    files.size(),
                    files.stream().mapToLong(LocalFile::size).sum())) {
                plan.present.forEach((k, d) -> progress.fileDone(d.size(), true));
                digests.putAll(new Uploader(s3, workers, progress).upload(plan.toUpload));
            }
            Manifest manifest = manifest(layout, byType, files, digests, r.run(), filteredOut, now);
            ManifestWrite written = writeManifest(layout, manifest, existing, r.force());
            return new Result(
                    layout,
                    written.manifest(),
                    written.sha256(),
                    plan.toUpload.size(),
                    plan.present.size(),
                    bytes,
                    seconds(start));
        } finally {
            workers.shutdownNow();
        }
    }

    /** The files of every requested type that pass the extension filter. */
    private record Sources(Map<ArtifactType, List<LocalFile>> byType, List<LocalFile> files, int filteredOut) {}

    private Sources scan(Request r) {
        Map<ArtifactType, List<LocalFile>> byType = new LinkedHashMap<>();
        List<LocalFile> files = new ArrayList<>();
        int filteredOut = 0;
        for (Map.Entry<ArtifactType, Path> source : r.sources().entrySet()) {
            ArtifactScanner.Scan scan = ArtifactScanner.scan(source.getKey(), source.getValue());
            byType.put(source.getKey(), scan.files());
            files.addAll(scan.files());
            filteredOut += scan.filteredOut().size();
            if (r.verbose()) {
                String takes = String.join(
                        ", ", source.getKey().extensions().stream().sorted().toList());
                scan.filteredOut()
                        .forEach(p -> err.println(
                                "filtered out (" + source.getKey().folder() + " takes " + takes + "): " + p));
            }
        }
        if (files.isEmpty()) {
            throw CliException.failed("nothing to back up: no file of "
                    + String.join(
                            ", ",
                            byType.keySet().stream().map(ArtifactType::folder).toList())
                    + " passes the extension filter (" + filteredOut + " filtered out; --verbose lists them)");
        }
        return new Sources(byType, files, filteredOut);
    }

    private record ManifestWrite(Manifest manifest, String sha256) {}

    /** The manifest, written unless an identical one is there already (then that one, with its own created_at). */
    private ManifestWrite writeManifest(
            BackupLayout layout, Manifest manifest, Optional<Manifest> existing, boolean overwrite) {
        if (existing.isPresent() && existing.get().sameContentAs(manifest)) {
            byte[] bytes = existing.get().toBytes();
            return new ManifestWrite(existing.get(), sha256(bytes));
        }
        if (existing.isPresent() && !overwrite) {
            throw CliException.failed(
                    "refusing to replace the manifest s3://" + s3.bucket() + "/" + layout.manifestKey() + ": backup "
                            + layout.timestamp() + " is complete with other files; --force replaces it");
        }
        byte[] bytes = manifest.toBytes();
        try {
            Digest d = Digest.of(bytes);
            s3.put(layout.manifestKey(), bytes, d, "application/json", existing.isEmpty());
            return new ManifestWrite(manifest, d.sha256Hex());
        } catch (RuntimeException e) {
            throw S3Errors.toCli(e, "writing the manifest " + layout.manifestKey(), s3.bucket());
        }
    }

    private Optional<Manifest> existingManifest(BackupLayout layout) {
        return s3.get(layout.manifestKey()).map(bytes -> {
            try {
                return Manifest.parse(bytes);
            } catch (IOException e) {
                throw CliException.failed("s3://" + s3.bucket() + "/" + layout.manifestKey()
                        + " exists but is not a manifest: " + e.getMessage());
            }
        });
    }

    private Manifest manifest(
            BackupLayout layout,
            Map<ArtifactType, List<LocalFile>> byType,
            List<LocalFile> files,
            Map<String, Digest> digests,
            Manifest.Run run,
            int filteredOut,
            Instant now) {
        List<Manifest.Entry> entries = new ArrayList<>();
        long bytes = 0;
        for (LocalFile f : files) {
            String key = layout.key(f);
            entries.add(new Manifest.Entry(
                    key,
                    f.type().folder(),
                    f.relativePath(),
                    f.size(),
                    digests.get(key).sha256Hex()));
            bytes += f.size();
        }
        return new Manifest(
                Manifest.SCHEMA,
                s3.bucket(),
                layout.projectKey(),
                layout.timestamp(),
                now,
                byType.keySet().stream().map(ArtifactType::folder).toList(),
                run,
                new Manifest.Totals(files.size(), bytes, filteredOut),
                entries);
    }

    private static String sha256(byte[] bytes) {
        return Digest.of(bytes).sha256Hex();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread t = new Thread(runnable, "cairn-upload");
            t.setDaemon(true);
            return t;
        };
    }
}
