package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict input rules of {@link Json#configure}: no duplicate keys, no scalar coercion. */
class JsonTest {

    record Declaration(List<String> stages) {}

    record Counted(int count, boolean done, String name) {}

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"a\":1,\"a\":2}", "{\"m\":{\"x\":1,\"x\":1}}", "[{\"event_id\":\"e\",\"event_id\":\"f\"}]"})
    void aDuplicateKeyIsRefusedAtAnyDepth(String json) {
        assertThatThrownBy(() -> Json.mapper().readTree(json))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"stages\":[1,2]}", "{\"stages\":[true]}", "{\"stages\":[1.5]}"})
    void numbersAndBooleansAreNotNames(String json) {
        assertThatThrownBy(() -> Json.mapper().readValue(json, Declaration.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"count\":\"5\"}", "{\"done\":\"true\"}", "{\"name\":7}"})
    void textIsNotANumberOrABoolean(String json) {
        assertThatThrownBy(() -> Json.mapper().readValue(json, Counted.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void wellTypedInputStillReads() throws Exception {
        assertThat(Json.mapper()
                        .readValue("{\"stages\":[\"a\",\"b\"]}", Declaration.class)
                        .stages())
                .containsExactly("a", "b");
        assertThat(Json.mapper().readValue("{\"count\":5,\"done\":true,\"name\":\"x\"}", Counted.class))
                .isEqualTo(new Counted(5, true, "x"));
    }
}
