package dev.cairn.planner.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Pipelines;
import dev.cairn.contracts.Timestamps;
import dev.cairn.planner.store.StageMarks;
import dev.cairn.planner.store.ViewState;
import dev.cairn.planner.store.ViewUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a record of {@code cairn.completions} into a {@link ViewUpdate}, or says why it cannot. The key must be
 * {@code pipeline/project/config_id} with valid names; a value must be a CompletionRecorded v1 of that same key with
 * declared stages, a level among them, a version of at least 1 and a {@code recorded_at}. A null value is a tombstone.
 *
 * <p>The value is read with Jackson's streaming parser, keeping only what the view needs ({@link ViewState}) and
 * skipping {@code change}, metrics and the rest: binding the whole {@code CompletionRecorded} costs several times more,
 * which a million-record start-up feels. The field names are those of the contract's record.
 */
final class CompletionDecoder {

    /** A record the view cannot use; the reader logs it, counts it and moves on. */
    static final class InvalidRecord extends Exception {
        InvalidRecord(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonFactory factory;

    /** {@code factory}: the application's JSON factory (Quarkus' mapper's, configured by the contracts). */
    CompletionDecoder(JsonFactory factory) {
        this.factory = factory;
    }

    ViewUpdate decode(byte[] key, byte[] value) throws InvalidRecord {
        if (key == null) {
            throw new InvalidRecord("the record has no key");
        }
        String keyText = new String(key, StandardCharsets.UTF_8);
        int first = keyText.indexOf('/');
        int second = first < 0 ? -1 : keyText.indexOf('/', first + 1);
        if (second < 0 || keyText.indexOf('/', second + 1) >= 0) {
            throw new InvalidRecord("key '" + keyText + "' is not pipeline/project/config_id");
        }
        String pipeline = keyText.substring(0, first);
        String project = keyText.substring(first + 1, second);
        String configId = keyText.substring(second + 1);
        if (!Names.isValid(pipeline) || !Names.isValid(project) || !Names.isValid(configId)) {
            throw new InvalidRecord("key '" + keyText + "' breaks the name rule " + Names.REGEX);
        }
        if (value == null) {
            return new ViewUpdate(pipeline, project, configId, null);
        }
        try (JsonParser p = factory.createParser(value)) {
            return new ViewUpdate(pipeline, project, configId, read(p, keyText, pipeline, project, configId));
        } catch (JsonProcessingException e) {
            throw new InvalidRecord(
                    "value of key '" + keyText + "' is not a CompletionRecorded: " + e.getOriginalMessage());
        } catch (IOException | DateTimeException e) {
            throw new InvalidRecord("value of key '" + keyText + "' is not a CompletionRecorded: " + e.getMessage());
        }
    }

    private static ViewState read(JsonParser p, String key, String pipeline, String project, String configId)
            throws IOException, InvalidRecord {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecord("value of key '" + key + "' is not a JSON object");
        }
        Map<String, String[]> levelStates = new HashMap<>(4);
        List<String> stages = null;
        String level = null;
        String recordedAt = null;
        long version = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "pipeline" -> requireSame(key, field, pipeline, p.getValueAsString());
                case "project" -> requireSame(key, field, project, p.getValueAsString());
                case "config_id" -> requireSame(key, field, configId, p.getValueAsString());
                case "level" -> level = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                case "recorded_at" -> recordedAt = p.getValueAsString();
                case "version" -> version = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                case "stages" -> stages = strings(p, t);
                case "stage_states" -> readStageStates(p, t, levelStates);
                default -> p.skipChildren();
            }
        }
        if (stages == null || stages.isEmpty() || !stages.stream().allMatch(Names::isValid)) {
            throw new InvalidRecord("value of key '" + key + "' has no valid stages list");
        }
        if (stages.size() > Pipelines.MAX_STAGES) {
            throw new InvalidRecord("value of key '" + key + "' lists " + stages.size()
                    + " stages; a pipeline has at most " + Pipelines.MAX_STAGES + " (docs/design.md §4)");
        }
        if (level != null && !stages.contains(level)) {
            throw new InvalidRecord("value of key '" + key + "' has level '" + level + "', not one of " + stages);
        }
        if (version < 1 || recordedAt == null) {
            throw new InvalidRecord("value of key '" + key + "' lacks version >= 1 or recorded_at");
        }
        Instant recorded = Timestamps.parse(recordedAt);
        String[] levelState = level == null ? null : levelStates.get(level);
        StageMarks marks = marks(levelStates);
        Instant completed = levelState == null || levelState[0] == null ? null : Timestamps.parse(levelState[0]);
        return new ViewState(
                stages,
                level,
                version,
                recorded.getEpochSecond(),
                recorded.getNano(),
                completed == null ? 0 : completed.getEpochSecond(),
                completed == null ? -1 : completed.getNano(),
                levelState == null ? null : levelState[1],
                marks);
    }

    private static StageMarks marks(Map<String, String[]> states) {
        if (states.isEmpty()) {
            return StageMarks.EMPTY;
        }
        List<String> stages = List.copyOf(states.keySet());
        byte[] status = new byte[stages.size()];
        long[] completed = new long[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            String[] s = states.get(stages.get(i));
            status[i] = StageMarks.code(s[2]);
            completed[i] =
                    s[0] == null ? StageMarks.NO_TIME : Timestamps.parse(s[0]).toEpochMilli();
        }
        return new StageMarks(stages, status, completed);
    }

    /** Keeps {@code last_completed_at}, {@code last_run_id} and {@code status} per stage (a handful of stages). */
    private static void readStageStates(JsonParser p, JsonToken t, Map<String, String[]> into) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String stage = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String[] state = new String[3];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "last_completed_at" -> state[0] = p.getValueAsString();
                    case "last_run_id" -> state[1] = p.getValueAsString();
                    case "status" -> state[2] = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            into.put(stage, state);
        }
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(p.getValueAsString());
        }
        return values;
    }

    private static void requireSame(String key, String field, String expected, String actual) throws InvalidRecord {
        if (!expected.equals(actual)) {
            throw new InvalidRecord("value of key '" + key + "' has " + field + " '" + actual + "'");
        }
    }
}
