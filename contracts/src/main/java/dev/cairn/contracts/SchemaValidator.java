package dev.cairn.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates a JSON tree against one of the payload schemas under {@code schemas/} and reports every
 * problem with its field, not just the first. Thread-safe; build one per schema and reuse it.
 */
public final class SchemaValidator {

    public static final String STAGE_EVENT = "schemas/stage-event.v1.json";
    public static final String COMPLETION_RECORDED = "schemas/completion-recorded.v1.json";
    public static final String MARKER_WRITTEN = "schemas/marker-written.v1.json";
    /** What the ledger checks of an OpenLineage RunEvent (spec 2-0-x) before mapping it. */
    public static final String OPENLINEAGE_RUN_EVENT = "schemas/openlineage-run-event.2-0-x.json";
    /** The {@code cairn} run facet of an OpenLineage RunEvent: where the run belongs in Cairn. */
    public static final String CAIRN_RUN_FACET = "schemas/openlineage-cairn-run-facet.v1.json";

    private final JsonSchema schema;

    public SchemaValidator(String classpathLocation) {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("classpath:" + classpathLocation), config);
    }

    /** Every problem found, sorted by field; empty when the tree is valid. */
    public List<Problem> validate(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(node)) {
            problems.add(new Problem(fieldOf(m), messageOf(m)));
        }
        problems.sort(Comparator.comparing(Problem::field).thenComparing(Problem::message));
        return problems;
    }

    private static String fieldOf(ValidationMessage m) {
        JsonNodePath location = m.getInstanceLocation();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            path.append(i == 0 ? "" : ".").append(location.getName(i));
        }
        String field = path.toString();
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            return field.isEmpty() ? m.getProperty() : field + "." + m.getProperty();
        }
        return field.isEmpty() ? "$" : field;
    }

    private static String messageOf(ValidationMessage m) {
        return switch (m.getType()) {
            case "required" -> "is required";
            case "pattern" -> "does not match " + m.getArguments()[0];
            default -> stripLocation(m.getMessage());
        };
    }

    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
