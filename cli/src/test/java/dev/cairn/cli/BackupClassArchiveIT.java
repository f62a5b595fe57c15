package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The backup's class-data archive comes from the class list shipped next to the jar ({@code src/main/cds}), and it
 * holds what a backup loads: a backup through the launcher, recorded in the ledger, with a file in one PUT, one through
 * the Transfer Manager and one in parts, reads almost no class from the jar. The run also writes the list of the
 * classes it loaded to {@code target/cds/cairn.backup.classlist}, the file to copy over the shipped one when this test
 * fails.
 */
class BackupClassArchiveIT {

    /** Classes a backup may still read from the jar or the JDK's modules (today: Netty's OpenSSL contexts, which
     * cannot be archived, and a few loaded by a path the list does not cover). */
    static final int MOST_NOT_ARCHIVED = 30;

    @Test
    void aBackupMapsTheArchiveDumpedFromTheShippedClassList() throws Exception {
        CliTestStack stack = CliTestStack.get();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String pipeline = "archive-" + id;
        stack.declare(pipeline, "postprocess");
        Map<String, String> env = new HashMap<>(stack.env());
        CliRun.Result emitted = CliRun.run(env, CliRun.emitArgs("completed", pipeline, "p1", "postprocess", "wf-1"));
        assertThat(emitted.exit()).as(emitted.toString()).isZero();

        Path folder = Path.of("target", "backup-it", "archive-" + id).toAbsolutePath();
        Random random = new Random(5);
        for (int size : new int[] {10 * 1024, 2 * 1024 * 1024, 20 * 1024 * 1024}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            ProjectFolder.write(folder.resolve("gis_data/part_" + size + ".gpkg"), content);
        }
        Path cds = Files.createDirectories(Path.of("target", "cds").toAbsolutePath());
        Path loaded = cds.resolve("class-load.log");
        Path list = cds.resolve("loaded.classlist");
        env.put(
                "CAIRN_JAVA_OPTS",
                "-Xmx256m -XX:+UseSerialGC -Xlog:class+load:file=" + loaded + " -XX:DumpLoadedClassList=" + list);
        CliRun.Result r = CliRun.run(
                env,
                "backup",
                "--folder",
                folder.toString(),
                "--project-key",
                "ARCHIVE-" + id,
                "--include",
                "gis_data",
                "--timestamp",
                "--bucket",
                CliTestStack.BUCKET,
                "--pipeline",
                pipeline,
                "--project",
                "p1",
                "--stage",
                "postprocess",
                "--progress",
                "none");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(" 3 uploaded", "recorded in the ledger: artifact.backed_up");
        writeShippableList(list, cds.resolve("cairn.backup.classlist"));

        Path jar = Path.of("target", "cairn.jar");
        Path archive = Path.of("target", "cairn.backup.jsa");
        assertThat(archive).exists();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
        List<String> lines = Files.readAllLines(loaded);
        // picocli's classes (class version 49) reach only an archive dumped from a list, not one written at exit
        assertThat(lines).anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file"));
        List<String> notArchived = lines.stream()
                .filter(l -> l.contains(" source: file:") || l.contains(" source: jrt:"))
                .map(l -> l.substring(l.indexOf("] ") + 2))
                .toList();
        assertThat(notArchived)
                .as("classes a backup read from the jar or the JDK instead of the archive; if the code changed, copy "
                        + "target/cds/cairn.backup.classlist over src/main/cds/cairn.backup.classlist")
                .hasSizeLessThanOrEqualTo(MOST_NOT_ARCHIVED);
    }

    /** The JVM's list with the shipped file's header, without dynamic proxies (generated, never found at dump time). */
    private static void writeShippableList(Path dumped, Path shippable) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<String> header = Files.lines(Path.of("src", "main", "cds", "cairn.backup.classlist"))) {
            header.takeWhile(l -> l.startsWith("#") && !l.startsWith("# NOTE")).forEach(out::add);
        }
        try (Stream<String> classes = Files.lines(dumped)) {
            classes.filter(l -> !l.matches(".*\\$Proxy\\d+ .*")).forEach(out::add);
        }
        Files.write(shippable, out);
    }
}
