package dev.cairn.planner.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Json;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.messaging.CaughtUpProgress;
import dev.cairn.planner.service.PlanResult;
import dev.cairn.planner.service.PlanService;
import dev.cairn.planner.service.ViewGate;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewUpdate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan path (body reader, lookups, decisions, answer writer; the classes {@link PlanResource} uses) against an
 * answer built from first principles: the view's content is known to the test, the decisions follow the mode table
 * of the README, and the expected answer is written field by field with Jackson's generator. Bytes must be equal, on
 * tens of thousands of names of every length and character the name rule allows, known and unknown, in every mode,
 * over a two- and a three-stage pipeline, with bodies in several layouts (escaped names, unknown fields, field order).
 */
class PlanAnswerBytesTest {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String NAME_CHARS = ALNUM + "._-";
    private static final Map<String, List<String>> PIPELINES =
            Map.of("photogrammetry", List.of("metashape", "postprocess"), "three", List.of("a", "b", "c"));
    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper());

    /** pipeline/config_id/project → level (null: recorded, nothing complete). */
    private static final Map<String, String> TRUTH = new HashMap<>();

    private static final Set<String> KNOWN_SET = new HashSet<>();
    private static final List<String> KNOWN = new ArrayList<>();
    private static CompletionView view;
    private static PlanService plans;
    private static PlanRequestReader reader;
    private static PlanResponseWriter writer;

    @BeforeAll
    static void view() {
        view = new CompletionView();
        Random random = new Random(11);
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        List<ViewUpdate> batch = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String project = name(random);
            if (!KNOWN_SET.add(project)) {
                continue; // one state per key: a second version 1 would be ignored by the view as stale
            }
            KNOWN.add(project);
            for (Map.Entry<String, List<String>> p : PIPELINES.entrySet()) {
                for (String config : List.of("default", "alt")) {
                    int pick = random.nextInt(p.getValue().size() + 2);
                    if (pick == 0) {
                        continue; // not recorded for this config_id
                    }
                    String level = pick == 1 ? null : p.getValue().get(pick - 2);
                    batch.add(ViewUpdate.of(CompletionFixtures.state(
                            p.getKey(), project, config, p.getValue(), level, 1, t.plusMillis(i), "run-1")));
                    TRUTH.put(p.getKey() + "/" + config + "/" + project, level);
                }
            }
        }
        view.apply(batch);
        plans = new PlanService(view, new ViewGate(CaughtUpProgress.create(), view, null, null));
        BodyLimits limits = PlanRequestReaderTest.limits(16 << 20, 1_000_000);
        reader = new PlanRequestReader(MAPPER.getFactory(), limits);
        writer = new PlanResponseWriter(MAPPER.getFactory());
    }

    @Test
    void everyModeOfBothPipelinesGivesTheExpectedBytes() throws IOException {
        Random random = new Random(3);
        for (String pipeline : PIPELINES.keySet()) {
            List<String> modes = new ArrayList<>(List.of("none", "both"));
            modes.addAll(PIPELINES.get(pipeline));
            modes.add(null);
            for (String config : new String[] {"default", "alt", null}) {
                for (String mode : modes) {
                    List<String> names = names(random, 4_000);
                    int layout = random.nextInt(4);
                    assertSameAnswer(pipeline, config, mode, names, body(pipeline, config, mode, names, layout));
                }
            }
        }
    }

    @Test
    void escapedNamesUnknownFieldsAndWhitespaceGiveTheSameAnswerAsPlainOnes() throws IOException {
        Random random = new Random(5);
        for (int layout = 0; layout < 4; layout++) {
            List<String> names = names(random, 2_000);
            assertSameAnswer("three", "default", "both", names, body("three", "default", "both", names, layout));
        }
    }

    @Test
    void anUnknownPipelineAndAnUnknownConfigIdWarn() throws IOException {
        Random random = new Random(9);
        List<String> names = names(random, 500);
        assertSameAnswer("nowhere", null, "none", names, body("nowhere", null, "none", names, 0));
        assertSameAnswer("three", "other", "b", names, body("three", "other", "b", names, 1));
    }

    @Test
    void oneLongAnswerOfAHundredThousandNames() throws IOException {
        Random random = new Random(13);
        List<String> names = names(random, 100_000);
        assertSameAnswer(
                "photogrammetry",
                "default",
                "postprocess",
                names,
                body("photogrammetry", "default", "postprocess", names, 0));
    }

    private static void assertSameAnswer(String pipeline, String config, String mode, List<String> names, byte[] body)
            throws IOException {
        PlanRequestReader.PlanRequest request = reader.read(new ByteArrayInputStream(body));
        PlanResult result =
                plans.plan(request.pipeline(), request.configId(), request.skipIfComplete(), request.projects(), false);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        writer.write(result, actual);
        String expected = expected(pipeline, config == null ? "default" : config, mode, names);
        assertThat(actual.toString(StandardCharsets.UTF_8))
                .as("%s %s %s, %d names", pipeline, config, mode, names.size())
                .isEqualTo(expected);
    }

    /** The answer of the README, written field by field. */
    private static String expected(String pipeline, String config, String mode, List<String> names) throws IOException {
        List<String> stages = PIPELINES.getOrDefault(pipeline, List.of());
        String skip = mode == null ? "none" : mode;
        int toRun = 0;
        int partial = 0;
        ByteArrayOutputStream projects = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(projects)) {
            g.writeStartArray();
            for (String name : names) {
                String key = pipeline + "/" + config + "/" + name;
                boolean recorded = TRUTH.containsKey(key);
                String level = TRUTH.get(key);
                int rank = level == null ? -1 : stages.indexOf(level);
                String reason;
                boolean run = true;
                int skipped = 0;
                if (skip.equals("none")) {
                    reason = "skip_if_complete_none";
                } else if (!recorded) {
                    reason = "not_recorded";
                } else if (level == null) {
                    reason = "nothing_complete";
                } else if (skip.equals("both")) {
                    run = rank < stages.size() - 1;
                    reason = run ? "partial" : "complete";
                    skipped = run ? rank + 1 : 0;
                } else {
                    run = rank < stages.indexOf(skip);
                    reason = run ? "below_level" : "complete";
                }
                toRun += run ? 1 : 0;
                partial += reason.equals("partial") ? 1 : 0;
                g.writeStartObject();
                g.writeStringField("project", name);
                g.writeBooleanField("run", run);
                g.writeStringField("level", level);
                g.writeArrayFieldStart("skip_stages");
                for (String s : stages.subList(0, skipped)) {
                    g.writeString(s);
                }
                g.writeEndArray();
                for (String s : stages.subList(0, skipped)) {
                    g.writeBooleanField("skip_" + s, true);
                }
                g.writeStringField("reason", reason);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("pipeline", pipeline);
            g.writeStringField("config_id", config);
            g.writeStringField("skip_if_complete", skip);
            g.writeArrayFieldStart("stages");
            for (String s : stages) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeStringField("as_of", view.asOf().toString());
            g.writeNumberField("lag", 0);
            g.writeArrayFieldStart("warnings");
            if (!PIPELINES.containsKey(pipeline)) {
                g.writeString("pipeline '" + pipeline
                        + "' has no recorded completion (check its name): every project counts as not complete");
            } else if (!config.equals("default") && !config.equals("alt")) {
                g.writeString("pipeline '" + pipeline + "' has no recorded completion for config_id '" + config
                        + "': every project counts as not complete");
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("requested", names.size());
            g.writeNumberField("to_run", toRun);
            g.writeNumberField("skipped", names.size() - toRun);
            g.writeNumberField("partial", partial);
            g.writeEndObject();
            g.writeFieldName("projects");
            g.writeRawValue(projects.toString(StandardCharsets.UTF_8));
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** About half known names, half new ones; lengths 1 to 200. */
    private static List<String> names(Random random, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(random.nextBoolean() ? KNOWN.get(random.nextInt(KNOWN.size())) : name(random));
        }
        return names;
    }

    private static String name(Random random) {
        int length = random.nextInt(10) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(16);
        StringBuilder b = new StringBuilder().append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        while (b.length() < length) {
            b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return b.toString();
    }

    /**
     * A request body. Layouts: 0 compact; 1 spaces, tabs and line breaks between tokens; 2 fields in another order
     * with an unknown field holding nested values; 3 every tenth name with its first character as a {@code \}{@code u}
     * escape.
     */
    static byte[] body(String pipeline, String config, String mode, List<String> names, int layout) {
        String ws = layout == 1 ? " \t\r\n " : "";
        StringBuilder b = new StringBuilder("{").append(ws);
        if (layout == 2) {
            b.append("\"extra\":{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"},");
            appendNames(b, names, ws, layout).append(',');
        }
        b.append("\"pipeline\"")
                .append(ws)
                .append(':')
                .append(ws)
                .append(quote(pipeline))
                .append(',');
        b.append(ws)
                .append("\"config_id\":")
                .append(ws)
                .append(quote(config))
                .append(ws)
                .append(',');
        b.append("\"skip_if_complete\":").append(quote(mode));
        if (layout != 2) {
            b.append(',').append(ws);
            appendNames(b, names, ws, layout);
        }
        return b.append(ws).append('}').append(ws).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder appendNames(StringBuilder b, List<String> names, String ws, int layout) {
        b.append("\"projects\"").append(ws).append(':').append(ws).append('[');
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (layout == 3 && i % 10 == 0) {
                name = String.format("\\u%04x", (int) name.charAt(0)) + name.substring(1);
            }
            b.append(i == 0 ? "" : "," + ws).append('"').append(name).append('"');
        }
        return b.append(ws).append(']');
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
