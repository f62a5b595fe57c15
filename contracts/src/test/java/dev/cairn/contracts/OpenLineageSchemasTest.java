package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The two OpenLineage schemas the ledger reads RunEvents with, on the repository's own example. */
class OpenLineageSchemasTest {

    private final SchemaValidator runEvents = new SchemaValidator(SchemaValidator.OPENLINEAGE_RUN_EVENT);
    private final SchemaValidator cairnFacets = new SchemaValidator(SchemaValidator.CAIRN_RUN_FACET);

    @Test
    void exampleRunEventAndItsCairnFacetAreValid() throws Exception {
        ObjectNode event = StageEventValidatorTest.example("openlineage-run-event.cairn-facet.json");
        assertThat(runEvents.validate(event)).isEmpty();
        assertThat(cairnFacets.validate(event.path("run").path("facets").path("cairn")))
                .isEmpty();
    }

    @Test
    void problemsNameTheirFields() throws Exception {
        ObjectNode event = StageEventValidatorTest.example("openlineage-run-event.cairn-facet.json");
        ObjectNode run = (ObjectNode) event.get("run");
        run.put("runId", "not-a-uuid");
        event.remove("eventTime");
        event.put("schemaURL", "https://openlineage.io/spec/1-0-5/OpenLineage.json");
        ((ObjectNode) event.get("job")).remove("name");
        assertThat(runEvents.validate(event))
                .extracting(Problem::field)
                .contains("eventTime", "run.runId", "schemaURL", "job.name");

        ObjectNode facet = (ObjectNode) run.get("facets").get("cairn");
        facet.put("project", "../etc");
        facet.remove("stage");
        assertThat(cairnFacets.validate(facet)).extracting(Problem::field).contains("project", "stage");
    }
}
