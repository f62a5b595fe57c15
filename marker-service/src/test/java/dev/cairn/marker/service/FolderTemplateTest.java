package dev.cairn.marker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.marker.config.MarkerConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FolderTemplateTest {

    static Stream<Arguments> renderings() {
        return Stream.of(
                // the markers document's own example folder
                Arguments.of(
                        MarkerConfig.DEFAULT_TEMPLATE,
                        "us_dw_hybrid_v1_2",
                        "settlement.settle_orders",
                        "default",
                        "sync",
                        "20250912_143022",
                        "completion_markers/us_dw_hybrid_v1_2/settlement.settle_orders/20250912_143022/"),
                Arguments.of(
                        MarkerConfig.DEFAULT_TEMPLATE,
                        "us_dw_hybrid_v1_2",
                        "settlement.settle_orders",
                        "default",
                        "sync",
                        "20250912_143022_2",
                        "completion_markers/us_dw_hybrid_v1_2/settlement.settle_orders/20250912_143022_2/"),
                Arguments.of(
                        "markers/{pipeline}/{config_id}/{project}/{stage}/{timestamp}/",
                        "photogrammetry",
                        "mission_001",
                        "cfg-a",
                        "metashape",
                        "20240115_091203",
                        "markers/photogrammetry/cfg-a/mission_001/metashape/20240115_091203/"),
                Arguments.of(
                        "{pipeline}/{project}/run-{timestamp}/",
                        "p",
                        "q",
                        "default",
                        "s",
                        "20240115_091203_a3f8e1b2",
                        "p/q/run-20240115_091203_a3f8e1b2/"));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void rendersEveryPlaceholder(
            String template, String pipeline, String project, String config, String stage, String ts, String expected) {
        assertThat(FolderTemplate.parse(template)
                        .render(new FolderTemplate.Values(pipeline, project, config, stage, ts)))
                .isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("completion_markers/{pipeline}/{project}/", "lacks {timestamp}"),
                Arguments.of("completion_markers/{pipeline}/{timestamp}/", "lacks {project}"),
                Arguments.of("completion_markers/{project}/{timestamp}/", "lacks {pipeline}"),
                Arguments.of("completion_markers/{pipeline}/{project}/{timestamp}", "must end with '/'"),
                Arguments.of("/completion_markers/{pipeline}/{project}/{timestamp}/", "must not start with '/'"),
                Arguments.of("completion_markers//{pipeline}/{project}/{timestamp}/", "empty, '.' or '..'"),
                Arguments.of("completion_markers/../{pipeline}/{project}/{timestamp}/", "empty, '.' or '..'"),
                Arguments.of("completion_markers/{pipeline}/{project}/{date}/", "unknown placeholder {date}"),
                Arguments.of(
                        "completion_markers/{pipeline}/{project}/{timestamp}/{timestamp}/", "uses {timestamp} twice"),
                Arguments.of(
                        "completion_markers/*/{pipeline}/{project}/{timestamp}/",
                        "'completion_markers/*/' outside placeholders"),
                Arguments.of("  ", "empty"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesTemplatesThatCouldCollideOrBreakKeys(String template, String message) {
        assertThatThrownBy(() -> FolderTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void prefixesForListing() {
        FolderTemplate t = FolderTemplate.parse(MarkerConfig.DEFAULT_TEMPLATE);
        assertThat(t.staticPrefix()).isEqualTo("completion_markers/");
        assertThat(t.projectPrefix("us_dw_hybrid_v1_2", "settlement.settle_orders"))
                .isEqualTo("completion_markers/us_dw_hybrid_v1_2/settlement.settle_orders/");
        FolderTemplate staged = FolderTemplate.parse("m/{pipeline}/{stage}/{project}/{timestamp}/");
        assertThat(staged.projectPrefix("p", "q")).isEqualTo("m/p/");
        assertThat(FolderTemplate.parse("{pipeline}/{project}/{timestamp}/").staticPrefix())
                .isEmpty();
    }

    static Stream<Arguments> keys() {
        String folder = "completion_markers/us_dw_hybrid_v1_2/settlement.settle_orders/20250912_143022/";
        return Stream.of(
                Arguments.of(folder + "completion_marker.txt", "settlement.settle_orders", folder, "20250912_143022"),
                Arguments.of(
                        folder.replace("143022/", "143022_2/") + "table_metrics.json",
                        "settlement.settle_orders",
                        folder.replace("143022/", "143022_2/"),
                        "20250912_143022"),
                Arguments.of(
                        folder.replace("143022/", "143022_a3f8e1b2/") + "x",
                        null,
                        folder.replace("143022/", "143022_a3f8e1b2/"),
                        "20250912_143022"),
                Arguments.of(folder, "settlement.settle_orders", null, null), // the folder itself holds no file
                Arguments.of(
                        folder + "completion_marker.txt", "settlement.settle_order", null, null), // another project
                Arguments.of(
                        "completion_markers/us_dw_hybrid_v1_2/settlement.settle_orders/2025-09-12/x", null, null, null),
                Arguments.of("completion_markers/.cairn-probe/abc", null, null, null));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void matchesKeysOfMarkerFoldersOnly(String key, String project, String folder, String timestamp) {
        FolderTemplate.Match m = FolderTemplate.parse(MarkerConfig.DEFAULT_TEMPLATE)
                .matchKey(key, project == null ? null : "us_dw_hybrid_v1_2", project);
        if (folder == null) {
            assertThat(m).isNull();
        } else {
            assertThat(m).isEqualTo(new FolderTemplate.Match(folder, timestamp));
        }
    }
}
