package dev.cairn.bootstrap.scan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's detection rules ({@code generate_retroactive_log.py}), used when a scan request names the stages
 * {@code metashape} or {@code postprocess} without giving a layout or sentinels of its own.
 */
public final class SentinelDefaults {

    /** The seed's {@code extract_project_name_from_key} pattern for files directly under the prefix. */
    public static final String PROJECT_PATTERN =
            "^(.+?)_(ortho|dsm-ptcloud|dsm-mesh|dtm-ptcloud|chm-ptcloud|chm-mesh|ptcloud)\\.";

    public record StageDefaults(Layout layout, List<String> sentinels) {}

    private static final Map<String, StageDefaults> BY_STAGE = Map.of(
            "metashape",
                    new StageDefaults(
                            Layout.FOLDER, List.of("_ortho\\.tif$", "_dsm-ptcloud\\.tif$", "_ptcloud\\.(las|laz)$")),
            "postprocess", new StageDefaults(Layout.FLAT, List.of("_ortho\\.tif$")));

    private SentinelDefaults() {}

    public static Optional<StageDefaults> forStage(String stage) {
        return Optional.ofNullable(BY_STAGE.get(stage));
    }
}
