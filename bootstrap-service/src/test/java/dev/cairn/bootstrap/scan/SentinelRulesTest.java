package dev.cairn.bootstrap.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed's sentinel patterns and {@code extract_project_name_from_key}, case by case. */
class SentinelRulesTest {

    private static final SentinelRules METASHAPE = new SentinelRules(
            "photogrammetry/default-run",
            SentinelDefaults.forStage("metashape").orElseThrow().sentinels(),
            SentinelDefaults.PROJECT_PATTERN);
    private static final SentinelRules POSTPROCESS = new SentinelRules(
            "postprocessed",
            SentinelDefaults.forStage("postprocess").orElseThrow().sentinels(),
            SentinelDefaults.PROJECT_PATTERN);

    @ParameterizedTest(name = "{0} -> sentinel {1}")
    @CsvSource({
        "photogrammetry/default-run/mission_001/mission_001_ortho.tif, true",
        "photogrammetry/default-run/mission_001/mission_001_dsm-ptcloud.tif, true",
        "photogrammetry/default-run/mission_001/mission_001_ptcloud.las, true",
        "photogrammetry/default-run/mission_001/mission_001_ptcloud.laz, true",
        "photogrammetry/default-run/mission_001/mission_001_ortho.tif.aux.xml, false",
        "photogrammetry/default-run/mission_001/mission_001_ortho.tiff, false",
        "photogrammetry/default-run/mission_001/mission_001_dsm-mesh.tif, false",
        "photogrammetry/default-run/mission_001/mission_001_ptcloud.lasx, false",
        "photogrammetry/default-run/mission_001/report.pdf, false",
    })
    void metashapeSentinels(String key, boolean sentinel) {
        assertThat(METASHAPE.isSentinel(key)).isEqualTo(sentinel);
    }

    @ParameterizedTest(name = "{0} -> sentinel {1}")
    @CsvSource({
        "postprocessed/mission_001_ortho.tif, true",
        "postprocessed/mission_001_dsm-ptcloud.tif, false",
        "postprocessed/mission_001_ortho.tif.aux.xml, false",
        "postprocessed/mission_001_ortho.tiff, false",
    })
    void postprocessSentinels(String key, boolean sentinel) {
        assertThat(POSTPROCESS.isSentinel(key)).isEqualTo(sentinel);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                // folder layout: the first segment after the prefix (and its leading slashes)
                "photogrammetry/default-run/mission_001/mission_001_ortho.tif, mission_001",
                "photogrammetry/default-run/mission_001/sub/dir/x_ortho.tif, mission_001",
                "photogrammetry/default-run//mission_002/mission_002_ortho.tif, mission_002",
                // a sibling folder sharing the prefix string: the seed takes what follows the prefix
                "photogrammetry/default-run-old/mission_003/mission_003_ortho.tif, -old",
                // directly under the prefix: the seed's project pattern on the file name
                "photogrammetry/default-run/mission_004_ortho.tif, mission_004",
                "photogrammetry/default-run/mission_005_dsm-ptcloud.tif, mission_005",
                "photogrammetry/default-run/a_b_c_chm-mesh.tif, a_b_c",
                "photogrammetry/default-run/_ortho.tif, NONE",
                "photogrammetry/default-run/noproduct.tif, NONE",
            })
    void projectNames(String key, String project) {
        assertThat(METASHAPE.projectOf(key)).isEqualTo(project);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "postprocessed/mission_001_ortho.tif, mission_001",
                "postprocessed/mission_001_ortho_ortho.tif, mission_001_ortho",
                "postprocessed/sub/mission_002_ortho.tif, sub",
                "postprocessed/.tif, NONE",
            })
    void flatProjectNames(String key, String project) {
        assertThat(POSTPROCESS.projectOf(key)).isEqualTo(project);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "photogrammetry/default-run/, NONE",
                "photogrammetry/default-run//, NONE",
                "photogrammetry/default-run/mission_001/, mission_001",
                "photogrammetry/default-run-old/, -old",
            })
    void folderProjects(String commonPrefix, String project) {
        assertThat(METASHAPE.folderProject(commonPrefix)).isEqualTo(project);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'p/a_ortho.tif\n', true",
        "'p/a_ortho.tif\r', false",
    })
    void dollarMeansWhatPythonMeans(String key, boolean sentinel) {
        SentinelRules rules = new SentinelRules("p", List.of("_ortho\\.tif$"), SentinelDefaults.PROJECT_PATTERN);
        assertThat(rules.isSentinel(key)).isEqualTo(sentinel);
    }

    @Test
    void catastrophicBacktrackingPatternsAnswerOnALongKey() {
        String key = "p/" + "a".repeat(5000) + "!";
        for (String pattern : List.of("(a+)+$", "(a|aa)+$", "(a*)*b$", "^p/(a|a?)+b$")) {
            SentinelRules rules = new SentinelRules("p", List.of(pattern), SentinelDefaults.PROJECT_PATTERN);
            assertThat(rules.isSentinel(key)).as(pattern).isFalse();
        }
    }

    @Test
    void aCancelStopsAMatchThatIsRunning() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        SentinelRules rules = new SentinelRules(
                "p", List.of("(a+)+$"), SentinelDefaults.PROJECT_PATTERN, () -> asked.incrementAndGet() > 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rules.isSentinel("p/" + "a".repeat(100_000) + "!"))
                .isInstanceOf(dev.cairn.bootstrap.store.ScanStopped.class)
                .hasMessageContaining("pattern match");
    }
}
