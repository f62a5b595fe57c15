package dev.cairn.cli.backup;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Picks the timestamp of a {@code --timestamp} backup: now, unless an earlier backup of these files was interrupted.
 * An interrupted backup is a timestamp folder of one of the types without a manifest; it is resumed when every object
 * already in it is one of the local files with the same size (the checksums are compared before anything is
 * skipped). So a re-run after a crash continues the same backup instead of starting a second one.
 */
final class TimestampChooser {

    private static final int CANDIDATES = 3;

    private TimestampChooser() {}

    static String choose(
            S3Store s3, BackupLayout base, Map<ArtifactType, List<LocalFile>> files, Instant now, PrintStream err) {
        Set<String> complete = s3.list(base.manifestsPrefix()).keySet().stream()
                .map(base::timestampOfManifest)
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.toSet());
        TreeSet<String> unfinished = new TreeSet<>();
        for (ArtifactType type : files.keySet()) {
            String prefix = base.typePrefix(type);
            for (String folder : s3.folders(prefix)) {
                String ts = folder.substring(prefix.length(), folder.length() - 1);
                if (BackupLayout.isTimestamp(ts) && !complete.contains(ts)) {
                    unfinished.add(ts);
                }
            }
        }
        for (String ts : unfinished.descendingSet().stream().limit(CANDIDATES).toList()) {
            BackupLayout layout = base.withTimestamp(ts);
            Map<String, Long> wanted = new HashMap<>();
            files.values().forEach(list -> list.forEach(f -> wanted.put(layout.key(f), f.size())));
            int present = 0;
            boolean matches = true;
            for (ArtifactType type : files.keySet()) {
                for (Map.Entry<String, Long> o : s3.list(layout.folder(type)).entrySet()) {
                    matches &= o.getValue().equals(wanted.get(o.getKey()));
                    present++;
                }
            }
            if (matches && present > 0) {
                err.println("resuming the interrupted backup " + ts + " (" + present + " of " + wanted.size()
                        + " files already in S3, no manifest yet)");
                return ts;
            }
        }
        return BackupLayout.timestampOf(now);
    }
}
