package dev.cairn.cli.backup;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The artifact types of the backup document and its extension table, compared case-insensitively
 * ({@code REPORT.HTML} and {@code .GeoJSON} count). A file geodatabase is a folder named {@code *.gdb}: every file
 * inside one counts for {@code gis_data}, whatever its own extension.
 */
public enum ArtifactType {
    CONFIG("config", "yaml", "yml", "json", "txt"),
    LOGS("logs", "txt", "log", "csv", "args"),
    REPORT("report", "html", "json", "png", "jpg", "jpeg", "pdf"),
    GIS_DATA(
            "gis_data",
            "shp",
            "shx",
            "dbf",
            "prj",
            "cpg",
            "sbn",
            "sbx",
            "xml",
            "geojson",
            "json",
            "kml",
            "kmz",
            "gdb",
            "gpkg");

    /** The document's default {@code orchestrator.artifact_types}. */
    public static final java.util.List<ArtifactType> DEFAULTS = java.util.List.of(CONFIG, LOGS, REPORT);

    private final String folder;
    private final Set<String> extensions;

    ArtifactType(String folder, String... extensions) {
        this.folder = folder;
        this.extensions = Set.of(extensions);
    }

    /** The name in flags, config files and S3 keys: {@code config}, {@code logs}, {@code report}, {@code gis_data}. */
    public String folder() {
        return folder;
    }

    public Set<String> extensions() {
        return extensions;
    }

    public static Optional<ArtifactType> of(String name) {
        return Arrays.stream(values()).filter(t -> t.folder.equals(name)).findFirst();
    }

    public static String names() {
        return String.join(
                ", ", Arrays.stream(values()).map(ArtifactType::folder).toList());
    }

    /** Whether the file at {@code relativePath} (with '/' separators, relative to the type's folder) is backed up. */
    public boolean accepts(String relativePath) {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        if (extensions.contains(extension(name))) {
            return true;
        }
        if (this == GIS_DATA) {
            String[] parts = relativePath.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                if (extension(parts[i]).equals("gdb")) {
                    return true;
                }
            }
        }
        return false;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
