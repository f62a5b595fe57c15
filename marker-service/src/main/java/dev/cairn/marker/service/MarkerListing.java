package dev.cairn.marker.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.marker.store.MarkerBucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The marker folders of one project, read from the bucket (the bucket is the only store of markers). */
@ApplicationScoped
public class MarkerListing {

    /** One folder: its prefix, its start time, whether its text marker exists, and its file names. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Folder(String prefix, String timestamp, boolean complete, List<String> files) {}

    private final MarkerBucket bucket;
    private final MarkerRules rules;

    public MarkerListing(MarkerBucket bucket, MarkerRules rules) {
        this.bucket = bucket;
        this.rules = rules;
    }

    /** Folders of {@code pipeline}/{@code project} (names already validated), sorted by prefix. */
    public List<Folder> folders(String pipeline, String project) {
        FolderTemplate template = rules.templateFor(pipeline);
        Map<String, List<String>> files = new TreeMap<>();
        Map<String, String> timestamps = new TreeMap<>();
        bucket.listKeys(template.projectPrefix(pipeline, project), page -> {
            for (String key : page) {
                FolderTemplate.Match m = template.matchKey(key, pipeline, project);
                if (m != null) {
                    files.computeIfAbsent(m.folder(), f -> new ArrayList<>())
                            .add(key.substring(m.folder().length()));
                    timestamps.put(m.folder(), m.timestamp());
                }
            }
        });
        List<Folder> folders = new ArrayList<>();
        files.forEach((folder, names) -> folders.add(new Folder(
                folder,
                MarkerTime.parseFolderTimestamp(timestamps.get(folder))
                        .map(MarkerTime::isoSeconds)
                        .orElse(null),
                names.contains(MarkerFiles.COMPLETION_MARKER),
                List.copyOf(names))));
        return folders;
    }
}
