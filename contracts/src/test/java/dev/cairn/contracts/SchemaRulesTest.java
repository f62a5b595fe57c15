package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The JSON Schemas spell the same rules as the Java classes that implement them. */
class SchemaRulesTest {

    private static JsonNode schema(String location) throws IOException {
        try (InputStream in = SchemaRulesTest.class.getResourceAsStream("/" + location)) {
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void everySchemaUsesTheNameAndEventIdRules() throws IOException {
        for (String location : new String[] {
            SchemaValidator.STAGE_EVENT, SchemaValidator.COMPLETION_RECORDED, SchemaValidator.MARKER_WRITTEN
        }) {
            JsonNode s = schema(location);
            assertThat(s.at("/$defs/name/pattern").asText()).as(location).isEqualTo(Names.REGEX);
            assertThat(s.at("/properties/event_id/pattern").asText())
                    .as(location)
                    .isEqualTo(EventIds.REGEX);
        }
        assertThat(schema(SchemaValidator.STAGE_EVENT)
                        .at("/$defs/timestamp/format")
                        .asText())
                .isEqualTo("date-time");
    }
}
