package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Walks a type's folder (following symbolic links, so a link to a file is backed up as that file) and splits its
 * files into those the type's extension table accepts and those it filters out. A symlink loop, an unreadable file
 * or folder, or a name S3 cannot take is a usage error naming the path: nothing has been uploaded at that point.
 */
public final class ArtifactScanner {

    /** The accepted files (sorted by relative path) and the filtered-out ones. */
    public record Scan(List<LocalFile> files, List<Path> filteredOut) {}

    private ArtifactScanner() {}

    public static Scan scan(ArtifactType type, Path root) {
        if (!Files.isDirectory(root)) {
            throw CliException.usage(
                    root.toString(), "the " + type.folder() + " folder does not exist or is not a folder");
        }
        List<LocalFile> files = new ArrayList<>();
        List<Path> filtered = new ArrayList<>();
        try {
            Files.walkFileTree(
                    root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                                throw CliException.usage(
                                        dir.toString(), "the folder cannot be read (permission denied)");
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String rel = relative(root, file);
                            if (attrs.isSymbolicLink() && type.accepts(rel)) {
                                // links are followed, so a link seen as a link is a broken one
                                throw CliException.usage(file.toString(), "cannot be read: a broken symbolic link");
                            } else if (!attrs.isRegularFile()) {
                                filtered.add(file); // a socket, a device, a FIFO, a broken link: not an artifact
                            } else if (type.accepts(rel)) {
                                checkKeyName(file, rel);
                                if (!Files.isReadable(file)) {
                                    throw CliException.usage(
                                            file.toString(), "the file cannot be read (permission denied)");
                                }
                                files.add(new LocalFile(type, rel, file, attrs.size(), attrs.lastModifiedTime()));
                            } else {
                                filtered.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (e instanceof FileSystemLoopException) {
                                throw CliException.usage(
                                        file.toString(),
                                        "a symbolic link loop (the link leads back to a folder above it)");
                            }
                            if (e instanceof NoSuchFileException) {
                                throw CliException.usage(
                                        file.toString(),
                                        "cannot be read: a broken symbolic link or a file deleted during the scan");
                            }
                            if (e instanceof AccessDeniedException) {
                                throw CliException.usage(file.toString(), "cannot be read (permission denied)");
                            }
                            throw CliException.usage(file.toString(), "cannot be read: " + e);
                        }
                    });
        } catch (IOException e) {
            throw CliException.usage(root.toString(), "cannot be read: " + e);
        }
        files.sort(Comparator.comparing(LocalFile::relativePath));
        return new Scan(List.copyOf(files), List.copyOf(filtered));
    }

    static String relative(Path root, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** S3 keys take any UTF-8, but control characters and backslashes make keys nobody can type or sync back. */
    private static void checkKeyName(Path file, String rel) {
        for (int i = 0; i < rel.length(); i++) {
            char c = rel.charAt(i);
            if (Character.isISOControl(c) || c == '\\') {
                throw CliException.usage(
                        file.toString(),
                        "the name contains "
                                + (c == '\\' ? "a backslash" : String.format("a control character (U+%04X)", (int) c))
                                + ", which does not belong in an S3 key; rename the file");
            }
        }
    }
}
