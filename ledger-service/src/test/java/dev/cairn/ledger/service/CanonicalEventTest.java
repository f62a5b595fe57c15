package dev.cairn.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.StageEventValidator;
import org.junit.jupiter.api.Test;

class CanonicalEventTest {

    private final StageEventValidator validator = new StageEventValidator();

    private CanonicalEvent canonical(String json) {
        return CanonicalEvent.of(validator.validate(json).event());
    }

    @Test
    void keyOrderOffsetsAndUnknownFieldsDoNotChangeTheHash() {
        CanonicalEvent a = canonical("""
                {"event_id":"e1","type":"stage.completed","pipeline":"p","project":"m","stage":"s","occurred_at":"2024-01-15T10:30:00Z",
                 "metrics":{"b":1,"a":{"y":2,"x":3}},"attributes":{"z":"1","k":"2"}}""");
        CanonicalEvent b = canonical("""
                {"stage":"s","occurred_at":"2024-01-15T12:30:00+02:00","event_id":"e1","type":"stage.completed","pipeline":"p","project":"m",
                 "attributes":{"k":"2","z":"1"},"metrics":{"a":{"x":3,"y":2},"b":1},"colour":"green","config_id":"default"}""");
        assertThat(a.json()).isEqualTo(b.json());
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(a.json())
                .contains("\"metrics\":{\"a\":{\"x\":3,\"y\":2},\"b\":1}")
                .contains("\"attributes\":{\"k\":\"2\",\"z\":\"1\"}");
    }

    @Test
    void anyChangeOfMeaningChangesTheHash() {
        String base = """
                {"event_id":"e1","type":"stage.completed","pipeline":"p","project":"m","stage":"s","occurred_at":"2024-01-15T10:30:00Z"}""";
        assertThat(canonical(base).hash())
                .isNotEqualTo(canonical(base.replace("10:30:00", "10:30:01")).hash());
        assertThat(canonical(base).hash())
                .isNotEqualTo(canonical(base.replace("\"s\"", "\"t\"")).hash());
    }
}
