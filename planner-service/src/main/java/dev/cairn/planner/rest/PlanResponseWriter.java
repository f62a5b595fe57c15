package dev.cairn.planner.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.cairn.planner.service.Decision;
import dev.cairn.planner.service.PlanResult;
import java.io.IOException;
import java.util.List;

/**
 * Writes a {@link PlanResult} with Jackson's generator, names straight from the request's buffer and field names
 * pre-encoded:
 * <pre>
 * {"pipeline", "config_id", "skip_if_complete", "stages", "as_of", "lag", "warnings",
 *  "summary": {"requested", "to_run", "skipped", "partial"},
 *  "projects": [{"project", "run", "level", "skip_stages", "skip_&lt;stage&gt;": true..., "reason"}]}
 * </pre>
 */
final class PlanResponseWriter {

    private static final SerializedString PROJECT = new SerializedString("project");
    private static final SerializedString RUN = new SerializedString("run");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString SKIP_STAGES = new SerializedString("skip_stages");
    private static final SerializedString REASON = new SerializedString("reason");

    private final JsonFactory factory;

    PlanResponseWriter(JsonFactory factory) {
        this.factory = factory;
    }

    byte[] write(PlanResult r) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(Math.max(1024, Math.min(r.requested() * 96, 1 << 20)));
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("pipeline", r.pipeline);
            g.writeStringField("config_id", r.configId);
            g.writeStringField("skip_if_complete", r.skipIfComplete);
            writeStrings(g, "stages", r.stages);
            g.writeStringField("as_of", r.stamp.asOf() == null ? null : r.stamp.asOf().toString());
            g.writeNumberField("lag", r.stamp.lag());
            writeStrings(g, "warnings", r.warnings);
            g.writeObjectFieldStart("summary");
            g.writeNumberField("requested", r.requested());
            g.writeNumberField("to_run", r.toRun());
            g.writeNumberField("skipped", r.skipped());
            g.writeNumberField("partial", r.partial());
            g.writeEndObject();
            writeProjects(g, r);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeProjects(JsonGenerator g, PlanResult r) throws IOException {
        int stageCount = r.stages.size();
        SerializedString[] stageNames = new SerializedString[stageCount];
        SerializedString[] skipFlags = new SerializedString[stageCount];
        for (int s = 0; s < stageCount; s++) {
            stageNames[s] = new SerializedString(r.stages.get(s));
            skipFlags[s] = new SerializedString("skip_" + r.stages.get(s));
        }
        char[] chars = r.names.chars();
        g.writeArrayFieldStart("projects");
        for (int i = 0, n = r.requested(); i < n; i++) {
            Decision d = r.decision(i);
            g.writeStartObject();
            g.writeFieldName(PROJECT);
            int start = r.names.start(i);
            g.writeString(chars, start, r.names.end(i) - start);
            g.writeFieldName(RUN);
            g.writeBoolean(d.run());
            g.writeFieldName(LEVEL);
            String level = r.level(i);
            if (level == null) {
                g.writeNull();
            } else {
                g.writeString(level);
            }
            int skipped = r.skippedStages(i);
            g.writeFieldName(SKIP_STAGES);
            g.writeStartArray();
            for (int s = 0; s < skipped; s++) {
                g.writeString(stageNames[s]);
            }
            g.writeEndArray();
            for (int s = 0; s < skipped; s++) {
                g.writeFieldName(skipFlags[s]);
                g.writeBoolean(true);
            }
            g.writeFieldName(REASON);
            g.writeString(d.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
