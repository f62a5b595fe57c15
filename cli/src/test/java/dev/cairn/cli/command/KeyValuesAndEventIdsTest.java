package dev.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValuesAndEventIdsTest {

    @Test
    void metricsAreTypedAndDottedKeysMakeGroups() {
        ObjectNode m = KeyValues.metrics(
                "--metric",
                List.of(
                        "rows_processed=15000",
                        "duration_seconds=45.2",
                        "ok=true",
                        "s3_metrics.files_uploaded=3",
                        "note=a=b"));
        assertThat(m.toString())
                .isEqualTo("{\"rows_processed\":15000,\"duration_seconds\":45.2,\"ok\":true,"
                        + "\"s3_metrics\":{\"files_uploaded\":3},\"note\":\"a=b\"}");
        assertThatThrownBy(() -> KeyValues.metrics("--metric", List.of("rows"))).hasMessageContaining("--metric");
        assertThatThrownBy(() -> KeyValues.metrics("--metric", List.of("a=1", "a.b=2")))
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> KeyValues.attributes("--attr", List.of("k=1", "k=2")))
                .hasMessageContaining("twice");
    }

    @Test
    void eventIdsDependOnWhatTheEventIsAboutOnly() {
        String a = EventIds.stageEvent("p", "m1", "default", "metashape", "stage.completed", "wf-1");
        assertThat(a).startsWith("cli-").hasSize(68).matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(EventIds.stageEvent("p", "m1", "default", "metashape", "stage.completed", "wf-1"))
                .isEqualTo(a);
        assertThat(EventIds.stageEvent("p", "m1", "default", "metashape", "stage.completed", "wf-2"))
                .isNotEqualTo(a);
        assertThat(EventIds.stageEvent("p", "m1", "default", "metashape", "stage.failed", "wf-1"))
                .isNotEqualTo(a);
        assertThat(EventIds.stageEvent("p", "m1", "default", "metashape", "stage.completed", null))
                .isEqualTo(EventIds.stageEvent("p", "m1", "default", "metashape", "stage.completed", ""));
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        assertThat(EventIds.stageEvent("ab", "c", "d", "s", "t", "r"))
                .isNotEqualTo(EventIds.stageEvent("a", "bc", "d", "s", "t", "r"));
        assertThat(EventIds.backup("b", "k/_manifests/x.json", "00"))
                .startsWith("backup-")
                .hasSize(71);
    }
}
