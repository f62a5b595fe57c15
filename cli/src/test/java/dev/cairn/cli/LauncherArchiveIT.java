package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive, on a copy of the packaged jar: the first run writes it to a temporary file, the
 * next one checks it and moves it into place, later runs map it; each command has its own; an archive cut short is
 * thrown away (mapping it would crash the JVM); a command shipped with a class list has its archive dumped from it
 * before its first run; {@code CAIRN_CDS=off} neither writes nor maps one.
 */
class LauncherArchiveIT {

    @TempDir
    Path dir;

    @Test
    void theFirstRunWritesTheArchiveAndLaterRunsMapIt() throws Exception {
        Path jar = copyOfJar();
        Path archive = dir.resolve("cairn.jsa");

        assertVersion(CliRun.run(Map.of("CAIRN_JAR", jar.toString()), "--version"));
        assertThat(temporaryArchives()).hasSize(1);
        assertThat(archive).doesNotExist();

        Path classes = dir.resolve("classes.log");
        CliRun.Result second = CliRun.run(
                Map.of("CAIRN_JAR", jar.toString(), "CAIRN_JAVA_OPTS", "-Xlog:class+load:file=" + classes),
                "--version");
        assertVersion(second);
        assertThat(archive).exists();
        assertThat(temporaryArchives()).isEmpty();
        assertThat(Files.readString(classes)).contains("dev.cairn.cli.Cairn source: shared objects file");
    }

    @Test
    void eachCommandHasItsOwnArchive() throws Exception {
        Path jar = copyOfJar();
        Map<String, String> env = Map.of("CAIRN_JAR", jar.toString());
        assertVersion(CliRun.run(env, "--version"));
        assertVersion(CliRun.run(env, "--version"));
        assertThat(dir.resolve("cairn.jsa")).exists();

        // a backup run after --version writes an archive of its own, with the classes a backup loads
        for (int i = 0; i < 2; i++) {
            CliRun.Result help = CliRun.run(env, "backup", "--help");
            assertThat(help.exit()).as(help.toString()).isZero();
        }
        assertThat(dir.resolve("cairn.backup.jsa")).exists();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("cairn.jar", "cairn.jsa", "cairn.backup.jsa");
        }
        assertThat(backupHelpClassesLoaded(jar))
                .contains("dev.cairn.cli.command.BackupCommand source: shared objects file");
    }

    @Test
    void aCommandWithAClassListHasItsArchiveDumpedBeforeItsFirstRun() throws Exception {
        Path jar = copyOfJar();
        Files.copy(Path.of("target", "cairn.backup.classlist"), dir.resolve("cairn.backup.classlist"));
        String loaded = backupHelpClassesLoaded(jar);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "cairn.jar", "cairn.backup.classlist", "cairn.backup.jsa", "classes.log");
        }
        // the first run maps it already, picocli's classes included (an archive written at exit has none of them)
        assertThat(loaded)
                .contains("dev.cairn.cli.command.BackupCommand source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file");
    }

    @Test
    void anArchiveCutShortIsThrownAwayAndWrittenAgain() throws Exception {
        Path jar = copyOfJar();
        assertVersion(CliRun.run(Map.of("CAIRN_JAR", jar.toString()), "--version"));
        Path written = temporaryArchives().get(0);
        byte[] start = new byte[50_000];
        System.arraycopy(Files.readAllBytes(written), 0, start, 0, start.length);
        written.toFile().setWritable(true);
        Files.write(written, start); // as if the JVM had been killed while writing it

        assertVersion(CliRun.run(Map.of("CAIRN_JAR", jar.toString()), "--version"));
        assertThat(dir.resolve("cairn.jsa")).doesNotExist();
        assertThat(temporaryArchives()).hasSize(1).doesNotContain(written); // this run wrote a new one

        assertVersion(CliRun.run(Map.of("CAIRN_JAR", jar.toString()), "--version"));
        assertThat(dir.resolve("cairn.jsa")).exists();
    }

    @Test
    void cdsOffWritesNothing() throws Exception {
        Path jar = copyOfJar();
        for (int i = 0; i < 2; i++) {
            assertVersion(CliRun.run(Map.of("CAIRN_JAR", jar.toString(), "CAIRN_CDS", "off"), "--version"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cairn.jar");
        }
    }

    /** Runs {@code backup --help} and returns the JVM's class-load log of that run. */
    private String backupHelpClassesLoaded(Path jar) throws IOException {
        Path classes = dir.resolve("classes.log");
        CliRun.Result r = CliRun.run(
                Map.of("CAIRN_JAR", jar.toString(), "CAIRN_JAVA_OPTS", "-Xlog:class+load:file=" + classes),
                "backup",
                "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return Files.readString(classes);
    }

    /** The packaged jar, dated a minute back so that anything the launcher writes is newer. */
    private Path copyOfJar() throws IOException {
        CliRun.launcher();
        Path jar = Files.copy(Path.of("target", "cairn.jar"), dir.resolve("cairn.jar"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(1, ChronoUnit.MINUTES)));
        return jar;
    }

    private List<Path> temporaryArchives() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("cairn\\.jsa\\.\\d+\\.tmp"))
                    .toList();
        }
    }

    private static void assertVersion(CliRun.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("cairn ");
        assertThat(r.err()).as(r.toString()).isEmpty();
    }
}
