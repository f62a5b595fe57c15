package dev.cairn.bootstrap.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bootstrap.scan.SentinelDefaults;
import dev.cairn.bootstrap.store.Checkpoint;
import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.SourceRecord;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageEventValidator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFactoryTest {

    private static final SourceRecord SOURCE = new SourceRecord(
            0,
            "metashape",
            "ofo-internal",
            "photogrammetry/default-run",
            "folder",
            List.of("_ortho\\.tif$"),
            SentinelDefaults.PROJECT_PATTERN,
            Checkpoint.start("photogrammetry/default-run"),
            0,
            0,
            0,
            0);
    private static final Match MATCH = new Match(
            "mission_001",
            0,
            Instant.parse("2024-01-15T10:30:00Z"),
            "photogrammetry/default-run/mission_001/mission_001_ortho.tif",
            "d41d8cd98f00b204e9800998ecf8427e");

    @Test
    void scanEventIsValidAndCarriesItsProvenance() throws Exception {
        StageEvent event = EventFactory.scanEvent("photogrammetry", "default", SOURCE, MATCH);
        String json = Json.mapper().writeValueAsString(event);

        StageEventValidator.Result result = new StageEventValidator().validate(json);
        assertThat(result.valid()).as(result.detail()).isTrue();
        assertThat(event.eventId()).matches("bootstrap-[0-9a-f]{40}");
        assertThat(event.key()).isEqualTo("photogrammetry/mission_001/default");
        assertThat(json)
                .isEqualTo("{\"schema\":\"cairn.stage-event/v1\",\"event_id\":\"" + event.eventId()
                        + "\",\"type\":\"stage.completed\","
                        + "\"pipeline\":\"photogrammetry\",\"project\":\"mission_001\",\"config_id\":\"default\",\"stage\":\"metashape\","
                        + "\"run_id\":\"retroactive-bootstrap\",\"occurred_at\":\"2024-01-15T10:30:00Z\",\"attributes\":{\"source\":\"s3-scan\","
                        + "\"bucket\":\"ofo-internal\",\"key\":\"photogrammetry/default-run/mission_001/mission_001_ortho.tif\","
                        + "\"etag\":\"d41d8cd98f00b204e9800998ecf8427e\"}}");
    }

    @Test
    void scanIdsDependOnIdentityOnly() {
        String id = EventFactory.scanEvent("photogrammetry", "default", SOURCE, MATCH)
                .eventId();
        Match newer = new Match("mission_001", 0, Instant.parse("2025-01-01T00:00:00Z"), "other-key", "etag2");
        assertThat(EventFactory.scanEvent("photogrammetry", "default", SOURCE, newer)
                        .eventId())
                .isEqualTo(id);
        assertThat(EventFactory.scanEvent("photogrammetry", "highres", SOURCE, MATCH)
                        .eventId())
                .isNotEqualTo(id);
        assertThat(EventFactory.scanEvent("other", "default", SOURCE, MATCH).eventId())
                .isNotEqualTo(id);
        SourceRecord otherPrefix = new SourceRecord(
                0,
                "metashape",
                "ofo-internal",
                "photogrammetry/highres",
                "folder",
                List.of(),
                "",
                Checkpoint.start(""),
                0,
                0,
                0,
                0);
        assertThat(EventFactory.scanEvent("photogrammetry", "default", otherPrefix, MATCH)
                        .eventId())
                .isNotEqualTo(id);
    }

    @Test
    void fieldsCannotBeShiftedIntoEachOther() {
        assertThat(EventFactory.digest("ab", "c")).isNotEqualTo(EventFactory.digest("a", "bc"));
    }

    @Test
    void importIdsFollowTheLineContent() throws Exception {
        Instant ts = Instant.parse("2024-01-15T10:30:00Z");
        StageEvent a =
                EventFactory.importEvent("photogrammetry", "mission_001", "default", "postprocess", ts, "wf-abc123");
        StageEvent b =
                EventFactory.importEvent("photogrammetry", "mission_001", "default", "postprocess", ts, "wf-abc123");
        StageEvent c = EventFactory.importEvent(
                "photogrammetry", "mission_001", "default", "postprocess", ts.plusSeconds(1), "wf-abc123");
        assertThat(Json.mapper().writeValueAsString(a)).isEqualTo(Json.mapper().writeValueAsString(b));
        assertThat(a.eventId()).matches("import-[0-9a-f]{40}").isNotEqualTo(c.eventId());
        assertThat(new StageEventValidator()
                        .validate(Json.mapper().writeValueAsString(a))
                        .valid())
                .isTrue();
    }
}
