package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StageEventValidatorTest {

    private static final StageEventValidator VALIDATOR = new StageEventValidator();

    static ObjectNode example(String name) {
        try (InputStream in = StageEventValidatorTest.class.getResourceAsStream("/schemas/examples/" + name)) {
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode valid() {
        return example("stage-event.completed.json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "stage-event.completed.json",
                "stage-event.failed.json",
                "stage-event.sync-with-metric-groups.json",
                "stage-event.backed-up.json"
            })
    void exampleRoundTripsThroughTheRecord(String file) throws IOException {
        ObjectNode json = example(file);
        StageEventValidator.Result result = VALIDATOR.validate(Json.mapper().writeValueAsBytes(json));
        assertThat(result.valid()).as(result.detail()).isTrue();

        byte[] written = Json.mapper().writeValueAsBytes(result.event());
        StageEvent again = VALIDATOR.validate(written).event();
        assertThat(again).isEqualTo(result.event());
        assertThat(Json.mapper().readValue(written, StageEvent.class)).isEqualTo(result.event());
    }

    @Test
    void validEventCarriesEveryField() {
        StageEvent e = VALIDATOR.validate(valid().toString()).event();
        assertThat(e.eventId()).isEqualTo("0b5c6f0e-7a43-4b7e-9a55-2f5d8f7c9e11");
        assertThat(e.type()).isEqualTo(EventTypes.COMPLETED);
        assertThat(e.key()).isEqualTo("photogrammetry/mission_001/default");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
        assertThat(e.startedAt()).isEqualTo(Instant.parse("2024-01-15T09:12:03Z"));
        assertThat(e.metrics().get("rows_processed").asLong()).isEqualTo(15000);
        assertThat(e.attributes()).containsEntry("producer", "argo");
    }

    @Test
    void backupEventIsAValidRecordOnlyType() {
        ObjectNode json = example("stage-event.backed-up.json");
        StageEventValidator.Result result = VALIDATOR.validate(json.toString());
        assertThat(result.valid()).as(result.detail()).isTrue();
        assertThat(result.event().type()).isEqualTo(EventTypes.BACKED_UP);
        assertThat(result.event().metrics().get("files").asLong()).isEqualTo(42);
        assertThat(result.event().attributes()).containsKey("manifest_key");
        assertThat(FastEventCheck.certainlyValid(json, EventLimits.DEFAULT)).isTrue();
        assertThat(EventTypes.changesState(EventTypes.BACKED_UP)).isFalse();
        assertThat(EventTypes.STATE_CHANGING_TYPES)
                .allMatch(EventTypes::changesState)
                .doesNotContain(EventTypes.BACKED_UP);
    }

    @Test
    void missingConfigIdDefaultsAndOffsetsAreNormalised() {
        ObjectNode json = valid();
        json.remove("config_id");
        json.put("occurred_at", "2024-01-15T12:30:00+02:00");
        StageEvent e = VALIDATOR.validate(json.toString()).event();
        assertThat(e.configId()).isEqualTo("default");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        ObjectNode json = valid();
        json.put("colour", "green");
        json.putObject("nested").put("a", 1);
        assertThat(VALIDATOR.validate(json.toString()).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "type", "pipeline", "project", "stage", "occurred_at"})
    void everyRequiredFieldIsRequired(String field) {
        ObjectNode json = valid();
        json.remove(field);
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.valid()).isFalse();
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(r.problems()).containsExactly(new Problem(field, "is required"));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("event_id", (Consumer<ObjectNode>) j -> j.put("event_id", 42)),
                Arguments.of("event_id", (Consumer<ObjectNode>) j -> j.put("event_id", "has space")),
                Arguments.of("event_id", (Consumer<ObjectNode>) j -> j.put("event_id", "x".repeat(129))),
                Arguments.of("event_id", (Consumer<ObjectNode>) j -> j.put("event_id", "")),
                Arguments.of("type", (Consumer<ObjectNode>) j -> j.put("type", "stage.finished")),
                Arguments.of("type", (Consumer<ObjectNode>) j -> j.put("type", true)),
                Arguments.of("pipeline", (Consumer<ObjectNode>) j -> j.put("pipeline", 12)),
                Arguments.of("project", (Consumer<ObjectNode>)
                        j -> j.putArray("project").add("a")),
                Arguments.of("config_id", (Consumer<ObjectNode>) j -> j.putNull("config_id")),
                Arguments.of("occurred_at", (Consumer<ObjectNode>) j -> j.put("occurred_at", "yesterday")),
                Arguments.of("occurred_at", (Consumer<ObjectNode>) j -> j.put("occurred_at", "2024-01-15T10:30:00")),
                Arguments.of("occurred_at", (Consumer<ObjectNode>) j -> j.put("occurred_at", 1705314600)),
                Arguments.of("started_at", (Consumer<ObjectNode>) j -> j.put("started_at", "2024-13-45T10:30:00Z")),
                Arguments.of("metrics", (Consumer<ObjectNode>)
                        j -> j.putArray("metrics").add(1)),
                Arguments.of("metrics", (Consumer<ObjectNode>) j -> j.put("metrics", "fast")),
                Arguments.of("attributes.producer", (Consumer<ObjectNode>)
                        j -> j.putObject("attributes").put("producer", 7)),
                Arguments.of("error", (Consumer<ObjectNode>) j -> j.putObject("error")),
                Arguments.of("schema", (Consumer<ObjectNode>) j -> j.put("schema", "cairn.stage-event/v2")));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void wrongTypeIsReportedWithItsField(String field, Consumer<ObjectNode> breakIt) {
        ObjectNode json = valid();
        breakIt.accept(json);
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.valid()).isFalse();
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(r.problems()).extracting(Problem::field).containsOnly(field);
    }

    @Test
    void nulCharactersAreRefusedAnywhere() {
        ObjectNode json = valid();
        json.putObject("metrics").putObject("group").put("note", "a\u0000b");
        json.put("error", "x\u0000");
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(r.problems()).extracting(Problem::field).containsExactlyInAnyOrder("metrics.group.note", "error");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        ObjectNode json = valid();
        json.remove("event_id");
        json.put("type", "done");
        json.put("project", "../etc");
        json.put("occurred_at", "noon");
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.problems())
                .extracting(Problem::field)
                .containsExactlyInAnyOrder("event_id", "type", "project", "occurred_at");
        assertThat(r.detail()).contains("event_id: is required").contains("project: ");
    }

    static Stream<Arguments> hostileNamesInEveryNameField() {
        List<String> hostile = List.of("../x", "a/b", "*", "x?", "[a]", "a\u0001b", "x\n", "x".repeat(201), "");
        return Stream.of("pipeline", "project", "config_id", "stage", "run_id")
                .flatMap(field -> hostile.stream().map(name -> Arguments.of(field, name)));
    }

    @ParameterizedTest
    @MethodSource("hostileNamesInEveryNameField")
    void hostileNameIsRejectedAsInvalidName(String field, String name) {
        ObjectNode json = valid();
        json.put(field, name);
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.valid()).isFalse();
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_NAME);
        assertThat(r.problems()).extracting(Problem::field).containsExactly(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"settlement.settle_orders", "mission_001"})
    void dottedAndUnderscoredNamesAreAccepted(String name) {
        ObjectNode json = valid();
        json.put("project", name);
        json.put("pipeline", name);
        assertThat(VALIDATOR.validate(json.toString()).valid()).isTrue();
    }

    @Test
    void payloadOverTheLimitIsRejectedBeforeParsing() {
        byte[] big = padded(StageEventValidator.MAX_BYTES + 1);
        StageEventValidator.Result r = VALIDATOR.validate(big);
        assertThat(r.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(r.detail()).contains("262145 bytes").contains("256 KiB");
    }

    @Test
    void payloadAtTheLimitIsAccepted() {
        byte[] exact = padded(StageEventValidator.MAX_BYTES);
        assertThat(exact).hasSize(StageEventValidator.MAX_BYTES);
        assertThat(VALIDATOR.validate(exact).valid()).isTrue();
    }

    /** A valid event whose metrics carry a string padding it to exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        ObjectNode json = valid();
        json.putObject("metrics").put("pad", "");
        int base = json.toString().getBytes(StandardCharsets.UTF_8).length;
        ((ObjectNode) json.get("metrics")).put("pad", "p".repeat(size - base));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"event_id\": }", "", "   ", "{\"a\":1}}"})
    void brokenJsonIsInvalidJson(String payload) {
        StageEventValidator.Result r = VALIDATOR.validate(payload);
        assertThat(r.valid()).isFalse();
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(r.problems()).extracting(Problem::field).containsExactly("$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"event\"", "null"})
    void nonObjectJsonIsAnInvalidEvent(String payload) {
        StageEventValidator.Result r = VALIDATOR.validate(payload);
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(r.detail()).contains("must be a JSON object");
    }

    @Test
    void nullPayloadIsInvalidJson() {
        assertThat(VALIDATOR.validate((byte[]) null).reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-15T10:30Z",
                "2024-01-15 10:30:00Z",
                "2024-02-30T10:30:00Z",
                "2024-01-15T24:00:00Z",
                "2024-01-15T10:30:00.Z",
                "2024-01-15T10:30:00+0200",
                "2024-01-15T10:30:00+02",
                "+2024-01-15T10:30:00Z"
            })
    void malformedTimestampIsReportedWithItsField(String timestamp) {
        ObjectNode json = valid();
        json.remove("started_at");
        json.put("occurred_at", timestamp);
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.valid()).isFalse();
        assertThat(r.problems()).extracting(Problem::field).containsExactly("occurred_at");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"2024-01-15T10:30:00.123456789Z", "2024-01-15T10:30:00.5+05:30", "2024-01-15T10:30:00+00:00"})
    void everyPrecisionAndOffsetIsAccepted(String timestamp) {
        ObjectNode json = valid();
        json.remove("started_at");
        json.put("occurred_at", timestamp);
        StageEventValidator.Result r = VALIDATOR.validate(json.toString());
        assertThat(r.valid()).as(r.detail()).isTrue();
        assertThat(r.event().occurredAt())
                .isEqualTo(java.time.OffsetDateTime.parse(timestamp).toInstant());
    }

    @Test
    void fastPathAcceptsTheExamplesAndRefusesNulls() {
        assertThat(FastEventCheck.certainlyValid(valid(), EventLimits.DEFAULT)).isTrue();
        assertThat(FastEventCheck.certainlyValid(
                        example("stage-event.sync-with-metric-groups.json"), EventLimits.DEFAULT))
                .isTrue();
        ObjectNode withNull = valid();
        withNull.putNull("run_id");
        assertThat(FastEventCheck.certainlyValid(withNull, EventLimits.DEFAULT)).isFalse();
        assertThat(VALIDATOR.validate(withNull.toString()).valid()).isFalse();
    }

    @Test
    void parsedNodeIsValidatedTheSameWay() {
        JsonNode node = valid();
        assertThat(VALIDATOR.validate(node).event())
                .isEqualTo(VALIDATOR.validate(node.toString()).event());
    }

    @ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "occurred_at|0000-01-01T00:00:00Z",
                "occurred_at|0001-01-01T00:00:00Z",
                "occurred_at|1999-12-31T23:59:59Z",
                "occurred_at|1971-06-01T00:00:00Z",
                "occurred_at|9999-12-31T23:59:59-18:00",
                "occurred_at|2100-01-01T00:00:00Z",
                "occurred_at|2026-06-03T00:00:01Z",
                "started_at|1971-06-01T00:00:00Z",
                "started_at|2100-01-01T00:00:00Z"
            })
    void timestampsOutsideTheWindowAreRefusedOnBothPaths(String field, String value) {
        EventLimits limits = new EventLimits(
                EventLimits.EARLIEST,
                EventLimits.MAX_AHEAD,
                EventLimits.MAX_METRICS_DEPTH,
                java.time.Clock.fixed(java.time.Instant.parse("2026-06-01T00:00:00Z"), java.time.ZoneOffset.UTC));
        ObjectNode event = valid();
        event.remove("started_at");
        event.put(field, value);
        StageEventValidator.Result r = new StageEventValidator(limits).validate(event);
        assertThat(r.valid()).isFalse();
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(r.problems()).extracting(Problem::field).contains(field);
        assertThat(FastEventCheck.certainlyValid(event, limits)).isFalse();
    }

    @Test
    void theWindowsEdgesAreAccepted() {
        ObjectNode event = valid();
        event.put("occurred_at", "2000-01-01T00:00:00Z").put("started_at", "2000-01-01T00:00:00Z");
        assertThat(VALIDATOR.validate(event).valid()).isTrue();
    }

    @Test
    void startedAtAfterOccurredAtIsRefused() {
        ObjectNode event = valid();
        event.put("occurred_at", "2024-01-15T10:30:00Z").put("started_at", "2024-01-15T10:30:00.001Z");
        StageEventValidator.Result r = VALIDATOR.validate(event);
        assertThat(r.valid()).isFalse();
        assertThat(r.problems()).containsExactly(new Problem("started_at", "is after occurred_at"));
        event.put("started_at", "2024-01-15T12:30:00+02:00");
        assertThat(VALIDATOR.validate(event).valid()).as("the same instant").isTrue();
    }

    @Test
    void metricsNestedDeeperThan32LevelsAreRefused() {
        ObjectNode event = valid();
        event.set("metrics", StageEventGenerator.nested(32));
        assertThat(VALIDATOR.validate(event).valid()).isTrue();
        event.set("metrics", StageEventGenerator.nested(33));
        StageEventValidator.Result r = VALIDATOR.validate(event);
        assertThat(r.valid()).isFalse();
        assertThat(r.problems()).extracting(Problem::field).containsExactly("metrics");
        event.set("metrics", StageEventGenerator.nested(1000));
        assertThat(VALIDATOR.validate(event.toString()).valid()).isFalse();
    }

    @Test
    void onlyUtf8WithoutAByteOrderMarkIsRead() {
        byte[] utf8 = valid().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        for (byte[] payload : List.of(
                bom,
                valid().toString().getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
                valid().toString().getBytes(java.nio.charset.StandardCharsets.UTF_16BE),
                valid().toString().getBytes(java.nio.charset.StandardCharsets.UTF_16))) {
            StageEventValidator.Result r = VALIDATOR.validate(payload);
            assertThat(r.reason()).isEqualTo(RejectReason.INVALID_JSON);
            assertThat(r.detail()).containsAnyOf("byte order mark", "UTF-16");
        }
        assertThat(VALIDATOR.validate(utf8).valid()).isTrue();
    }
}
