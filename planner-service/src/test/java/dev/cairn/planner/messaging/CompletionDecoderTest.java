package dev.cairn.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.store.ViewState;
import dev.cairn.planner.store.ViewUpdate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streaming decoder keeps what binding the contract's CompletionRecorded would give, and refuses what the view cannot use. */
class CompletionDecoderTest {

    final CompletionDecoder decoder = new CompletionDecoder(Json.mapper().getFactory());

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theContractExampleDecodesLikeTheRecord() throws Exception {
        byte[] value;
        try (InputStream in = getClass().getResourceAsStream("/schemas/examples/completion-recorded.json")) {
            value = in.readAllBytes();
        }
        CompletionRecorded bound = Json.mapper().readValue(value, CompletionRecorded.class);
        ViewUpdate update = decoder.decode(utf8(bound.key()), value);
        assertThat(update.state()).isEqualTo(ViewState.of(bound));
        assertThat(update.state().runId()).isEqualTo("automate-metashape-workflow-abc123");
        assertThat(update.state().recordedAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00.412Z"));
    }

    @Test
    void aFixtureRoundTripsAndANullValueIsATombstone() throws Exception {
        CompletionRecorded s = CompletionFixtures.state(
                "p",
                "m1",
                "highres",
                CompletionFixtures.SEED_STAGES,
                "postprocess",
                7,
                Instant.parse("2024-01-15T10:30:00.123456789Z"),
                "wf");
        assertThat(decoder.decode(utf8(s.key()), CompletionFixtures.json(s)).state())
                .isEqualTo(ViewState.of(s));
        assertThat(decoder.decode(utf8("p/m1/highres"), null)).isEqualTo(new ViewUpdate("p", "m1", "highres", null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "p/m1|{}|not pipeline/project/config_id",
                "p/m 1/default|{}|breaks the name rule",
                "p/m1/default|not json|is not a CompletionRecorded",
                "p/m1/default|{\"pipeline\":\"q\",\"stages\":[\"a\"],\"version\":1,\"recorded_at\":\"2024-01-15T10:30:00Z\"}|has pipeline 'q'",
                "p/m1/default|{\"stages\":[],\"version\":1,\"recorded_at\":\"2024-01-15T10:30:00Z\"}|no valid stages",
                "p/m1/default|{\"stages\":[\"a\"],\"level\":\"b\",\"version\":1,\"recorded_at\":\"2024-01-15T10:30:00Z\"}|has level 'b'",
                "p/m1/default|{\"stages\":[\"a\"],\"level\":\"a\",\"version\":0,\"recorded_at\":\"2024-01-15T10:30:00Z\"}|lacks version",
                "p/m1/default|{\"stages\":[\"a\"],\"version\":1,\"recorded_at\":\"yesterday\"}|is not a CompletionRecorded",
            })
    void unusableRecordsAreRefusedWithAReason(String key, String value, String reason) {
        assertThatThrownBy(() -> decoder.decode(utf8(key), utf8(value)))
                .isInstanceOf(CompletionDecoder.InvalidRecord.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aDeclarationOfMoreThanSixtyFourStagesIsRefused() throws Exception {
        String sixtyFour = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> "\"s" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        String ok = "{\"stages\":[" + sixtyFour + "],\"level\":\"s63\",\"version\":1,"
                + "\"recorded_at\":\"2024-01-15T10:30:00Z\"}";
        assertThat(decoder.decode(utf8("p/m1/default"), utf8(ok)).state().stages())
                .hasSize(64);
        String tooMany = ok.replace("\"s63\"]", "\"s63\",\"s64\"]");
        assertThatThrownBy(() -> decoder.decode(utf8("p/m1/default"), utf8(tooMany)))
                .isInstanceOf(CompletionDecoder.InvalidRecord.class)
                .hasMessageContaining("lists 65 stages; a pipeline has at most 64");
    }
}
