package dev.cairn.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCleanupTest {

    /** Main class for a child that would run forever without its watchdog. */
    public static final class Forever {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void closingTheDevStackLeavesNoServerProcess() {
        DevStack stack =
                new DevStack(false, false, 1, Map.of()).ensure(EnumSet.of(DevStack.Service.KAFKA, DevStack.Service.S3));
        List<Long> pids = stack.serverPids();
        assertThat(pids)
                .hasSize(2)
                .allMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        stack.close();
        assertThat(pids)
                .allMatch(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void serverStopsByItselfWhenItsParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder("sleep", "300").start();
        Path dir = Files.createTempDirectory("cairn-watchdog-test");
        String cp = System.getProperty("java.class.path");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        cp,
                        Watchdog.class.getName(),
                        Long.toString(parent.pid()),
                        Forever.class.getName())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        try {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(child::isAlive);
            parent.destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
            assertThat(Files.readString(dir.resolve("out.log")))
                    .contains("parent process " + parent.pid() + " is gone");
        } finally {
            child.destroyForcibly();
            WorkDirs.deleteTree(dir);
        }
    }

    @Test
    void throwawayPostgresClusterStartsAndIsRemoved() throws Exception {
        Postgres pg = Postgres.startThrowawayCluster(Duration.ofSeconds(60));
        try (var c = pg.connect("postgres");
                var rs = c.createStatement().executeQuery("show server_version")) {
            rs.next();
            assertThat(rs.getString(1)).isNotBlank();
        } finally {
            pg.close();
        }
        assertThat(pg.describe()).contains("throwaway cluster");
    }
}
