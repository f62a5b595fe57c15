package dev.cairn.cli.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Picks the timestamp of a {@code --timestamp} backup: now, unless one of the latest backups of this project is
 * these same files. Looking at the three newest timestamps:
 * <ul>
 *   <li>a complete backup (it has a manifest) whose manifest lists exactly these files with the same size and SHA-256
 *       is reused: re-running a finished backup uploads nothing and creates no second copy;
 *   <li>an interrupted backup (a timestamp folder without a manifest) is resumed when every object already in it is
 *       one of these files with the same size (the checksums are compared before anything is skipped).
 * </ul>
 */
final class TimestampChooser {

    private static final int CANDIDATES = 3;

    private TimestampChooser() {}

    static String choose(
            S3Store s3, BackupLayout base, Map<ArtifactType, List<LocalFile>> files, Instant now, PrintStream err) {
        Set<String> complete = s3.list(base.manifestsPrefix()).keySet().stream()
                .map(base::timestampOfManifest)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
        TreeSet<String> candidates = new TreeSet<>(complete);
        for (ArtifactType type : files.keySet()) {
            String prefix = base.typePrefix(type);
            for (String folder : s3.folders(prefix)) {
                String ts = folder.substring(prefix.length(), folder.length() - 1);
                if (BackupLayout.isTimestamp(ts)) {
                    candidates.add(ts);
                }
            }
        }
        for (String ts : candidates.descendingSet().stream().limit(CANDIDATES).toList()) {
            BackupLayout layout = base.withTimestamp(ts);
            Map<String, LocalFile> wanted = new HashMap<>();
            files.values().forEach(list -> list.forEach(f -> wanted.put(layout.key(f), f)));
            if (complete.contains(ts)
                    ? sameAsManifest(s3, layout, wanted)
                    : resumable(s3, layout, files, wanted, err)) {
                return ts;
            }
        }
        return BackupLayout.timestampOf(now);
    }

    private static boolean sameAsManifest(S3Store s3, BackupLayout layout, Map<String, LocalFile> wanted) {
        Optional<byte[]> bytes = s3.get(layout.manifestKey());
        if (bytes.isEmpty()) {
            return false;
        }
        Manifest manifest;
        try {
            manifest = Manifest.parse(bytes.get());
        } catch (IOException e) {
            return false;
        }
        if (manifest.files().size() != wanted.size()
                || !manifest.files().stream()
                        .allMatch(e -> wanted.containsKey(e.key())
                                && wanted.get(e.key()).size() == e.size())) {
            return false;
        }
        for (Manifest.Entry e : manifest.files()) {
            if (!BackupPlan.digest(wanted.get(e.key()), 0).sha256Hex().equals(e.sha256())) {
                return false;
            }
        }
        return true;
    }

    private static boolean resumable(
            S3Store s3,
            BackupLayout layout,
            Map<ArtifactType, List<LocalFile>> files,
            Map<String, LocalFile> wanted,
            PrintStream err) {
        int present = 0;
        for (ArtifactType type : files.keySet()) {
            for (Map.Entry<String, Long> o : s3.list(layout.folder(type)).entrySet()) {
                LocalFile f = wanted.get(o.getKey());
                if (f == null || f.size() != o.getValue()) {
                    return false;
                }
                present++;
            }
        }
        if (present > 0) {
            err.println("resuming the interrupted backup " + layout.timestamp() + " (" + present + " of "
                    + wanted.size() + " files already in S3, no manifest yet)");
        }
        return present > 0;
    }
}
