package dev.cairn.cli.backup;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** A file to back up: its type, its path relative to the type's folder ('/' separators), and what it was at scan. */
public record LocalFile(ArtifactType type, String relativePath, Path path, long size, FileTime modified) {}
