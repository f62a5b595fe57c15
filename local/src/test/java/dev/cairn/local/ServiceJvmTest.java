package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data archive option: write one when there is none or it is older than the build, else map it. */
class ServiceJvmTest {

    @TempDir
    Path repo;

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
        List<String> args = ServiceJvm.args(repo, CairnCluster.Service.MARKER, ServiceJvm.LOCAL);

        assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive(), "-XX:+UseSerialGC");
        assertThat(args).doesNotContain(ServiceJvm.APP_CDS);
        assertThat(ServiceJvm.writesArchive(args)).isTrue();
        assertThat(ServiceJvm.hasArchive(repo, CairnCluster.Service.MARKER)).isFalse();
    }

    @Test
    void anArchiveNewerThanTheBuildIsMapped() throws Exception {
        runner();
        Files.writeString(archive(), "archive");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2026-12-05T00:01:00Z")));

        List<String> args = ServiceJvm.args(repo, CairnCluster.Service.MARKER, ServiceJvm.LOCAL);

        assertThat(args).contains("-XX:SharedArchiveFile=" + archive());
        assertThat(ServiceJvm.writesArchive(args)).isFalse();
        assertThat(ServiceJvm.hasArchive(repo, CairnCluster.Service.MARKER)).isTrue();
    }

    @Test
    void anArchiveOlderThanTheBuildIsDeletedAndWrittenAgain() throws Exception {
        runner();
        Files.writeString(archive(), "stale");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2026-12-04T23:00:00Z")));

        List<String> args = ServiceJvm.args(repo, CairnCluster.Service.MARKER, ServiceJvm.LOCAL);

        assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive());
        assertThat(archive()).doesNotExist();
    }

    @Test
    void optionsWithoutThePlaceholderAreLeftAlone() throws Exception {
        runner();
        assertThat(ServiceJvm.args(repo, CairnCluster.Service.MARKER, List.of("-Xmx512m")))
                .containsExactly("-Xmx512m");
    }
}
