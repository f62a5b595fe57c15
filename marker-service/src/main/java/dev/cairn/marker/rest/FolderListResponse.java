package dev.cairn.marker.rest;

import dev.cairn.marker.service.MarkerListing;
import java.util.List;

/** The answer of {@code GET /api/v1/markers/{pipeline}/{project}}: the project's marker folders, sorted by prefix. */
public record FolderListResponse(
        String pipeline, String project, String bucket, String template, List<MarkerListing.Folder> folders) {}
