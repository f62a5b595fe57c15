package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive option (write one when there is none or it is older than the build, else map it; the AOT cache on
 * Java 25+, a class-data archive before) and the Java that runs the local run's services.
 */
class ServiceJvmTest {

    private static final ServiceJvm.Java JAVA_17 = new ServiceJvm.Java(Path.of("/jdk17/bin/java"), 17);
    private static final ServiceJvm.Java JAVA_25 = new ServiceJvm.Java(Path.of("/jdk25/bin/java"), 25);

    @TempDir
    Path repo;

    @TempDir
    Path jvms;

    private Path runner() throws Exception {
        Path runner = repo.resolve("marker-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(runner.getParent());
        Files.writeString(runner, "jar");
        Files.setLastModifiedTime(runner, FileTime.from(Instant.parse("2026-12-05T00:00:00Z")));
        return runner;
    }

    private Path archive() {
        return repo.resolve("marker-service/target/cairn-app-cds.jsa");
    }

    @Test
    void withoutAnArchiveTheJvmWritesOneAtExit() throws Exception {
        runner();
        List<String> args = ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_17, ServiceJvm.LOCAL);

        assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive(), "-XX:+UseSerialGC");
        assertThat(args).doesNotContain(ServiceJvm.APP_CDS);
        assertThat(ServiceJvm.writesArchive(args)).isTrue();
        assertThat(ServiceJvm.hasArchive(repo, CairnCluster.Service.MARKER, JAVA_17))
                .isFalse();
    }

    @Test
    void anArchiveNewerThanTheBuildIsMapped() throws Exception {
        runner();
        Files.writeString(archive(), "archive");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2026-12-05T00:01:00Z")));

        List<String> args = ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_17, ServiceJvm.LOCAL);

        assertThat(args).contains("-XX:SharedArchiveFile=" + archive());
        assertThat(ServiceJvm.writesArchive(args)).isFalse();
        assertThat(ServiceJvm.hasArchive(repo, CairnCluster.Service.MARKER, JAVA_17))
                .isTrue();
    }

    @Test
    void anArchiveOlderThanTheBuildIsDeletedAndWrittenAgain() throws Exception {
        runner();
        Files.writeString(archive(), "stale");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2026-12-04T23:00:00Z")));

        List<String> args = ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_17, ServiceJvm.LOCAL);

        assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive());
        assertThat(archive()).doesNotExist();
    }

    @Test
    void optionsWithoutThePlaceholderAreLeftAlone() throws Exception {
        runner();
        assertThat(ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_17, List.of("-Xmx512m")))
                .containsExactly("-Xmx512m");
    }

    @Test
    void onJava25TheAotCacheIsWrittenThenMappedAndTheClassDataArchiveIsNotUsed() throws Exception {
        Path runner = runner();
        Path aot = repo.resolve("marker-service/target/cairn-app.aot");
        Files.writeString(archive(), "a class-data archive, current but for Java 17");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2026-12-05T00:01:00Z")));

        List<String> first = ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_25, ServiceJvm.LOCAL);
        assertThat(first).contains("-XX:AOTCacheOutput=" + aot, "-Xlog:aot=off");
        assertThat(first).noneMatch(a -> a.contains("cairn-app-cds.jsa"));
        assertThat(ServiceJvm.writesArchive(first)).isTrue();
        assertThat(ServiceJvm.hasArchive(repo, CairnCluster.Service.MARKER, JAVA_25))
                .isFalse();

        Files.writeString(aot, "cache");
        Files.setLastModifiedTime(aot, FileTime.from(Instant.parse("2026-12-05T00:02:00Z")));
        List<String> later = ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_25, ServiceJvm.LOCAL);
        assertThat(later).contains("-XX:AOTCache=" + aot);
        assertThat(ServiceJvm.writesArchive(later)).isFalse();
        assertThat(ServiceJvm.hasArchive(repo, CairnCluster.Service.MARKER, JAVA_25))
                .isTrue();
        assertThat(runner).exists();
    }

    private Path jdk(String name, String version) throws Exception {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void theLocalRunsServicesGetTheNewestJava25OrLaterFound() throws Exception {
        jdk("java-17", "17.0.15");
        Path jdk25 = jdk("temurin-25", "25.0.3");
        jdk("broken", "none");

        ServiceJvm.Java chosen = ServiceJvm.java(ServiceJvm.LOCAL, Map.of(), jvms);

        assertThat(chosen.release()).isGreaterThanOrEqualTo(25);
        if (Runtime.version().feature() < 25) {
            assertThat(chosen).isEqualTo(new ServiceJvm.Java(jdk25.resolve("bin/java"), 25));
        }
    }

    @Test
    void withoutAJava25TheServicesRunOnThisJvm() throws Exception {
        jdk("java-17", "17.0.15");
        ServiceJvm.Java chosen = ServiceJvm.java(ServiceJvm.LOCAL, Map.of(), jvms);
        assertThat(chosen.release()).isEqualTo(Runtime.version().feature());
    }

    @Test
    void optionsWithoutTheArchiveKeepThisJvmAndTheVariableNamesAnother() throws Exception {
        Path jdk25 = jdk("temurin-25", "25.0.3");
        Path jdk17 = jdk("java-17", "17.0.15");

        assertThat(ServiceJvm.java(List.of("-Xmx512m"), Map.of(), jvms).release())
                .isEqualTo(Runtime.version().feature());
        assertThat(ServiceJvm.java(ServiceJvm.LOCAL, Map.of("CAIRN_SERVICE_JAVA_HOME", jdk17.toString()), jvms))
                .isEqualTo(new ServiceJvm.Java(jdk17.resolve("bin/java"), 17));
        assertThatThrownBy(() -> ServiceJvm.java(
                        ServiceJvm.LOCAL,
                        Map.of(
                                "CAIRN_SERVICE_JAVA_HOME",
                                jvms.resolve("nothing").toString()),
                        jvms))
                .hasMessageContaining("CAIRN_SERVICE_JAVA_HOME=" + jvms.resolve("nothing"));
        assertThat(jdk25).exists();
    }

    @Test
    void aDiscardedArchiveIsGoneWithWhatItsWriterLeftBeside() throws Exception {
        runner();
        Path aot = repo.resolve("marker-service/target/cairn-app.aot");
        Files.writeString(aot, "cut short");
        Files.writeString(repo.resolve("marker-service/target/cairn-app.aot.config"), "training data");

        ServiceJvm.discardArchive(repo, CairnCluster.Service.MARKER, JAVA_25);

        assertThat(aot).doesNotExist();
        assertThat(repo.resolve("marker-service/target/cairn-app.aot.config")).doesNotExist();
        assertThat(ServiceJvm.args(repo, CairnCluster.Service.MARKER, JAVA_25, ServiceJvm.LOCAL))
                .contains("-XX:AOTCacheOutput=" + aot);
    }
}
