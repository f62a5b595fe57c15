package dev.cairn.planner.messaging;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.planner.store.ViewUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a record of {@code cairn.completions} into a {@link ViewUpdate}, or says why it cannot: the key must be
 * {@code pipeline/project/config_id} with valid names, a value must be a CompletionRecorded v1 of that same key with
 * declared stages, a level among them, a version of at least 1 and a {@code recorded_at}. A null value is a tombstone.
 */
final class CompletionDecoder {

    /** A record the view cannot use; the reader logs it, counts it and moves on. */
    static final class InvalidRecord extends Exception {
        InvalidRecord(String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectReader reader = Json.mapper().readerFor(CompletionRecorded.class);

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
        CompletionRecorded state;
        try {
            state = reader.readValue(value);
        } catch (IOException e) {
            throw new InvalidRecord("value of key '" + keyText + "' is not a CompletionRecorded: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        } catch (RuntimeException e) {
            throw new InvalidRecord("value of key '" + keyText + "' is not a CompletionRecorded: " + e.getMessage());
        }
        if (!pipeline.equals(state.pipeline()) || !project.equals(state.project()) || !configId.equals(state.configId())) {
            throw new InvalidRecord("value of key '" + keyText + "' is about " + state.key());
        }
        List<String> stages = state.stages();
        if (stages == null || stages.isEmpty() || !stages.stream().allMatch(Names::isValid)) {
            throw new InvalidRecord("value of key '" + keyText + "' has no valid stages list");
        }
        if (state.level() != null && !stages.contains(state.level())) {
            throw new InvalidRecord("value of key '" + keyText + "' has level '" + state.level() + "', not one of " + stages);
        }
        if (state.version() < 1 || state.recordedAt() == null) {
            throw new InvalidRecord("value of key '" + keyText + "' lacks version >= 1 or recorded_at");
        }
        return new ViewUpdate(pipeline, project, configId, state);
    }
}
