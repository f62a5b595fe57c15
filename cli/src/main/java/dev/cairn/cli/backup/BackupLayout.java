package dev.cairn.cli.backup;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * Where a backup goes: {@code {project_key}/{type}/{YYYYMMDD_HHMM}/{relative path}} (or without the timestamp folder
 * for an untimestamped upload), and the manifest {@code {project_key}/_manifests/{YYYYMMDD_HHMM}.json}. One timestamp
 * is shared by every type of one run.
 */
public record BackupLayout(String projectKey, String timestamp, boolean timestampFolders) {

    public static final String MANIFESTS = "_manifests";
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd_HHmm").withResolverStyle(ResolverStyle.STRICT);

    /** {@code YYYYMMDD_HHMM} of {@code instant} in UTC. */
    public static String timestampOf(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Whether {@code value} is a real {@code YYYYMMDD_HHMM} (so {@code 20251330_1200} is not). */
    public static boolean isTimestamp(String value) {
        if (value == null || !value.matches("\\d{8}_\\d{4}")) {
            return false;
        }
        try {
            LocalDateTime.parse(value, FORMAT);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code {project_key}/{type}/} : the folder every run's timestamp folders of a type live in. */
    public String typePrefix(ArtifactType type) {
        return projectKey + "/" + type.folder() + "/";
    }

    /** The folder this backup writes a type into. */
    public String folder(ArtifactType type) {
        return typePrefix(type) + (timestampFolders ? timestamp + "/" : "");
    }

    public String key(LocalFile f) {
        return folder(f.type()) + f.relativePath();
    }

    public String manifestKey() {
        return projectKey + "/" + MANIFESTS + "/" + timestamp + ".json";
    }

    public String manifestsPrefix() {
        return projectKey + "/" + MANIFESTS + "/";
    }

    /** The timestamp of a manifest key of this project, if it is one. */
    public Optional<String> timestampOfManifest(String key) {
        if (key.startsWith(manifestsPrefix()) && key.endsWith(".json")) {
            String ts = key.substring(manifestsPrefix().length(), key.length() - ".json".length());
            return isTimestamp(ts) ? Optional.of(ts) : Optional.empty();
        }
        return Optional.empty();
    }

    public BackupLayout withTimestamp(String ts) {
        return new BackupLayout(projectKey, ts, timestampFolders);
    }
}
