package dev.cairn.planner.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.planner.service.NameBatch;
import dev.cairn.service.error.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code {"pipeline", "config_id", "skip_if_complete", "projects": [...]}}. The body (at most the size limit) is
 * first scanned by {@link PlanBodyScanner}, which reads the usual shape straight from its bytes; a body it does not
 * take is parsed with Jackson's streaming parser (project names go from the parser's buffer into a
 * {@link NameBatch}, no String or tree per name), which words every error. Fields may come in any order; unknown fields
 * are ignored; a wrong type is a 400 naming the field.
 */
final class PlanRequestReader {

    record PlanRequest(String pipeline, String configId, String skipIfComplete, NameBatch projects) {}

    private final JsonFactory factory;
    private final BodyLimits limits;

    PlanRequestReader(JsonFactory factory, BodyLimits limits) {
        this.factory = factory;
        this.limits = limits;
    }

    PlanRequest read(InputStream body) throws IOException {
        byte[] bytes = limits.readToLimit(body);
        if (bytes.length <= limits.maxBytes()) {
            PlanRequest scanned = PlanBodyScanner.scan(bytes, bytes.length, limits.maxNames());
            if (scanned != null) {
                return scanned;
            }
        }
        // a body over the limit goes through the limit to Jackson, as every body did before the scanner
        return readWithJackson(new ByteArrayInputStream(bytes));
    }

    /** The body parsed with Jackson (the whole path before the scanner; every error of a body is worded here). */
    PlanRequest readWithJackson(InputStream body) throws IOException {
        try (JsonParser p = factory.createParser(limits.limit(body))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequestException(
                        "the body must be a JSON object {pipeline, config_id, skip_if_complete, projects}");
            }
            String pipeline = null;
            String configId = null;
            String skipIfComplete = null;
            NameBatch projects = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "pipeline" -> pipeline = text(p, value, field);
                    case "config_id" -> configId = text(p, value, field);
                    case "skip_if_complete" -> skipIfComplete = text(p, value, field);
                    case "projects" -> projects = names(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidRequestException("the body has content after its JSON object");
            }
            if (projects == null) {
                throw new InvalidRequestException(
                        "projects is missing: give the project names to plan as a JSON array of strings");
            }
            return new PlanRequest(pipeline, configId, skipIfComplete, projects);
        }
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidRequestException(field + " must be a string");
        }
        return p.getText();
    }

    private NameBatch names(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidRequestException("projects must be an array of project names");
        }
        NameBatch names = new NameBatch();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new InvalidRequestException("projects[" + names.size() + "] must be a string");
            }
            if (names.size() == limits.maxNames()) {
                throw limits.tooManyNames();
            }
            names.add(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        return names;
    }
}
