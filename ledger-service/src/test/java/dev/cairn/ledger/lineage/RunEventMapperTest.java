package dev.cairn.ledger.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;
import dev.cairn.ledger.config.LineageConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping of RunEvents to stage events, without a service: types, ids, facets, rules, limits. */
class RunEventMapperTest {

    static final String RUN_ID = "0190f8a2-6f3c-7b1e-9c2d-3e4f5a6b7c8d";
    static final String PRODUCER = "https://example.com/runner/1.0";

    /** A rule as {@code cairn.ledger.lineage.rules.<pipeline>.*} would give it. */
    record TestRule(String namespace, String job, String project, String stage, String configId)
            implements LineageConfig.Rule {}

    private final RunEventMapper mapper = mapper(Map.of(
            "us_dw_hybrid_v1_2",
            new TestRule(
                    "airflow-(?P<env>[a-z]+)",
                    "us_dw_hybrid_v1_2\\.(?P<task>[a-z_]+)",
                    "{run.facets.airflow.task.table}",
                    "sync",
                    "{env}"),
            "photogrammetry",
            new TestRule(
                    ".*",
                    "(?P<stage>metashape|postprocess)\\.(?P<project>[A-Za-z0-9_]+)",
                    "{project}",
                    "{stage}",
                    "default")));

    static RunEventMapper mapper(Map<String, LineageConfig.Rule> rules) {
        return new RunEventMapper(new LineageRules(new TreeMap<>(rules)), new FacetAttributes(8192, 65536));
    }

    static ObjectNode runEvent(String type, String namespace, String job) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventType", type);
        e.put("eventTime", "2024-01-15T10:30:00.123Z");
        e.put("producer", PRODUCER);
        e.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
        e.putObject("run").put("runId", RUN_ID).putObject("facets");
        e.putObject("job").put("namespace", namespace).put("name", job);
        return e;
    }

    static ObjectNode facet(ObjectNode event, String name) {
        ObjectNode f = ((ObjectNode) event.get("run").get("facets")).putObject(name);
        f.put("_producer", PRODUCER);
        f.put("_schemaURL", "https://example.com/facets/" + name + ".json");
        return f;
    }

    static ObjectNode withCairnFacet(String type) {
        ObjectNode e = runEvent(type, "anything", "any.job");
        facet(e, "cairn")
                .put("pipeline", "photogrammetry")
                .put("project", "mission_001")
                .put("stage", "metashape");
        return e;
    }

    @ParameterizedTest
    @CsvSource({
        "START,    stage.started,   ol-" + RUN_ID + "-start,",
        "COMPLETE, stage.completed, ol-" + RUN_ID + "-complete,",
        "FAIL,     stage.failed,    ol-" + RUN_ID + "-fail,    failed (no errorMessage facet)",
        "ABORT,    stage.failed,    ol-" + RUN_ID + "-abort,   aborted",
        "RUNNING,  stage.started,   ol-" + RUN_ID + "-running-1705314600123,"
    })
    void eventTypesMapToStageEvents(String olType, String type, String eventId, String error) {
        Mapping m = mapper.map(withCairnFacet(olType));
        assertThat(m.kind()).isEqualTo(Mapping.Kind.MAPPED);
        StageEvent e = m.event();
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.eventId()).isEqualTo(eventId);
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.pipeline() + "/" + e.project() + "/" + e.configId() + "/" + e.stage())
                .isEqualTo("photogrammetry/mission_001/default/metashape");
        assertThat(e.runId()).isEqualTo(RUN_ID);
        assertThat(e.occurredAt()).hasToString("2024-01-15T10:30:00.123Z");
        assertThat(e.attributes())
                .containsEntry("openlineage.event_type", olType)
                .containsEntry("openlineage.mapped_by", "cairn facet")
                .containsKey("openlineage.run_facet.cairn");
    }

    @Test
    void sameEventMapsToTheSameIdAndOtherIsIgnored() {
        assertThat(mapper.map(withCairnFacet("COMPLETE")).event())
                .isEqualTo(mapper.map(withCairnFacet("COMPLETE")).event());
        assertThat(mapper.map(withCairnFacet("OTHER")).kind()).isEqualTo(Mapping.Kind.IGNORED);
        ObjectNode noType = withCairnFacet("START");
        noType.remove("eventType");
        assertThat(mapper.map(noType).kind()).isEqualTo(Mapping.Kind.IGNORED);
    }

    @Test
    void failCarriesTheErrorMessageFacetAndOutputsBecomeAnAttribute() {
        ObjectNode e = withCairnFacet("FAIL");
        facet(e, "errorMessage").put("message", "COPY failed: connection reset").put("programmingLanguage", "python");
        e.putArray("outputs").addObject().put("namespace", "s3://bucket").put("name", "a/b.parquet");
        StageEvent mapped = mapper.map(e).event();
        assertThat(mapped.error()).isEqualTo("COPY failed: connection reset");
        assertThat(mapped.attributes().get("outputs"))
                .isEqualTo("[{\"namespace\":\"s3://bucket\",\"name\":\"a/b.parquet\"}]");
        assertThat(mapped.attributes().get("openlineage.run_facet.errorMessage"))
                .contains("connection reset");
    }

    @Test
    void rulesMapByNamedGroupsAndFacetPicks() {
        ObjectNode airflow = runEvent("COMPLETE", "airflow-prod", "us_dw_hybrid_v1_2.settle_orders");
        facet(airflow, "airflow").putObject("task").put("table", "settlement.settle_orders");
        StageEvent e = mapper.map(airflow).event();
        assertThat(e.pipeline() + "/" + e.project() + "/" + e.configId() + "/" + e.stage())
                .isEqualTo("us_dw_hybrid_v1_2/settlement.settle_orders/prod/sync");
        assertThat(e.attributes()).containsEntry("openlineage.mapped_by", "rule:us_dw_hybrid_v1_2");

        StageEvent byGroups =
                mapper.map(runEvent("START", "spark", "postprocess.mission_7")).event();
        assertThat(byGroups.pipeline() + "/" + byGroups.project() + "/" + byGroups.stage())
                .isEqualTo("photogrammetry/mission_7/postprocess");
    }

    @Test
    void unmappedSaysWhy() {
        Mapping other = mapper.map(runEvent("START", "spark", "some.other.job"));
        assertThat(other.kind()).isEqualTo(Mapping.Kind.UNMAPPED);
        assertThat(other.unmapped().reason()).isEqualTo(LineageRules.NO_RULE);
        assertThat(other.unmapped().job()).isEqualTo("some.other.job");

        Mapping noFacet = mapper.map(runEvent("START", "airflow-prod", "us_dw_hybrid_v1_2.settle_orders"));
        assertThat(noFacet.kind()).isEqualTo(Mapping.Kind.UNMAPPED);
        assertThat(noFacet.unmapped().reason()).contains("us_dw_hybrid_v1_2").contains("run.facets.airflow.task.table");
    }

    @Test
    void invalidRunEventsNameTheField() {
        ObjectNode e = withCairnFacet("COMPLETE");
        e.remove("producer");
        ((ObjectNode) e.get("run")).put("runId", "not-a-uuid");
        Mapping m = mapper.map(e);
        assertThat(m.kind()).isEqualTo(Mapping.Kind.INVALID);
        assertThat(m.problems()).extracting(Problem::field).contains("producer", "run.runId");

        ObjectNode badFacet = withCairnFacet("COMPLETE");
        ((ObjectNode) badFacet.at("/run/facets/cairn")).put("project", "../etc").remove("stage");
        assertThat(mapper.map(badFacet).problems())
                .extracting(Problem::field)
                .containsExactlyInAnyOrder("run.facets.cairn.project", "run.facets.cairn.stage");

        ObjectNode badType = withCairnFacet("FINISHED");
        assertThat(mapper.map(badType).problems()).extracting(Problem::field).containsExactly("eventType");

        ObjectNode tooOld = withCairnFacet("COMPLETE");
        tooOld.put("eventTime", "1999-12-31T23:00:00Z");
        assertThat(mapper.map(tooOld).problems()).extracting(Problem::field).containsExactly("eventTime");

        Mapping notJson = mapper.map("{\"eventType\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void aRuleThatProducesAnInvalidNameIsNamed() {
        RunEventMapper m = mapper(Map.of(
                "photogrammetry",
                new TestRule(".*", "(?P<stage>x)\\.(?P<project>.+)", "{project}", "{stage}", "default")));
        Mapping bad = m.map(runEvent("START", "ns", "x.../etc"));
        assertThat(bad.reason()).isEqualTo(RejectReason.INVALID_NAME);
        assertThat(bad.problems())
                .extracting(Problem::field)
                .containsExactly("cairn.ledger.lineage.rules.photogrammetry.project");
    }

    @Test
    void largeFacetsAreOmittedSoTheEventStaysSmall() {
        ObjectNode e = withCairnFacet("COMPLETE");
        facet(e, "spark_logicalPlan").put("plan", "x".repeat(2_000_000));
        for (int i = 0; i < 20; i++) {
            facet(e, "f" + i).put("v", "y".repeat(7_000));
        }
        Mapping m = mapper.map(e);
        assertThat(m.kind()).isEqualTo(Mapping.Kind.MAPPED);
        assertThat(m.event().attributes().get("openlineage.run_facet.spark_logicalPlan"))
                .startsWith("{\"_cairn_omitted_bytes\":");
        JsonNode attributes = Json.mapper().valueToTree(m.event().attributes());
        assertThat(attributes.toString().length()).isLessThan(80_000);
    }

    @Test
    void badRulesStopStartUpNamingTheProperty() {
        assertThatThrownBy(() -> mapper(Map.of("p", new TestRule("(", "x", "{project}", "s", "default"))))
                .hasMessageContaining("cairn.ledger.lineage.rules.p.namespace");
        assertThatThrownBy(() ->
                        mapper(Map.of("p", new TestRule(".*", "(?P<project>x)", "{project}", "{stage}", "default"))))
                .hasMessageContaining("cairn.ledger.lineage.rules.p.stage")
                .hasMessageContaining("{stage}");
        assertThatThrownBy(() -> mapper(Map.of("p", new TestRule(".*", "x", "a}b", "s", "default"))))
                .hasMessageContaining("cairn.ledger.lineage.rules.p.project");
    }

    @Test
    void linearTimeOnAHostileJobName() {
        RunEventMapper m = mapper(Map.of("p", new TestRule(".*", "(a+)+b", "x", "s", "default")));
        Mapping r = m.map(runEvent("START", "ns", "a".repeat(50_000) + "c"));
        assertThat(r.kind()).isEqualTo(Mapping.Kind.UNMAPPED);
    }
}
