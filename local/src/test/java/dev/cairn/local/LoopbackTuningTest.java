package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.local.CairnCluster.Service;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local run's and the fault matrix's marker writers on loopback S3: 8, unless the environment sets a count. */
class LoopbackTuningTest {

    @Test
    void theMarkerGetsEightWritersWhenNothingIsSet() {
        assertThat(LoopbackTuning.of(Map.of()))
                .isEqualTo(Map.of(Service.MARKER, Map.of("CAIRN_MARKER_CONCURRENCY", "8")));
    }

    @Test
    void aCountSetInTheEnvironmentIsLeftAlone() {
        assertThat(LoopbackTuning.of(Map.of("CAIRN_MARKER_CONCURRENCY", "16"))).isEmpty();
    }

    @Test
    void theLocalRunPassesItToTheMarkerOnly() {
        Map<Service, Map<String, String>> extra =
                CairnCluster.Options.local(Path.of("repo")).extraEnv();
        if (System.getenv("CAIRN_MARKER_CONCURRENCY") == null) {
            assertThat(extra).containsOnlyKeys(Service.MARKER);
            assertThat(extra.get(Service.MARKER)).containsEntry("CAIRN_MARKER_CONCURRENCY", "8");
        } else {
            assertThat(extra).isEmpty();
        }
    }
}
