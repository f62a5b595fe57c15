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

    private static final String NUMBERED = """
            {"event_id":"e1","type":"stage.completed","pipeline":"p","project":"m","stage":"s","occurred_at":"2024-01-15T10:30:00Z",
             "metrics":{"rows":ROWS,"nested":{"seconds":45.2,"list":[LIST]}}}""";

    private CanonicalEvent numbered(String rows, String list) {
        return canonical(NUMBERED.replace("ROWS", rows).replace("LIST", list));
    }

    @Test
    void oneAndOnePointZeroAreTheSamePayload() {
        CanonicalEvent plain = numbered("1", "2,0.5");
        for (String[] same : new String[][] {{"1.0", "2,0.5"}, {"1e0", "2.00,0.50"}, {"10E-1", "2.0,5e-1"}}) {
            assertThat(numbered(same[0], same[1]).hash())
                    .as(String.join(" ", same))
                    .isEqualTo(plain.hash());
        }
        assertThat(numbered("2", "2,0.5").hash()).isNotEqualTo(plain.hash());
        assertThat(numbered("1", "2,0.51").hash()).isNotEqualTo(plain.hash());
        assertThat(numbered("1.0", "2,0.5").json())
                .as("the stored form keeps the numbers as sent")
                .contains("1.0");
    }

    @Test
    void anEventWithCanonicalNumbersKeepsTheHashItWasStoredWith() {
        // integers and decimals without trailing zeros: the hash of before numbers were canonical, unchanged
        CanonicalEvent plain = numbered("15000", "3,0.25");
        assertThat(plain.hash()).isEqualTo(plain.legacyHash());
    }

    @Test
    void aHashStoredBeforeNumbersWereCanonicalStillMatchesItsRedelivery() {
        CanonicalEvent sent = numbered("1.0", "2,0.5");
        byte[] storedThen = sent.legacyHash(); // the hash of the form written before the change
        assertThat(sent.hash()).isNotEqualTo(storedThen);
        assertThat(numbered("1.0", "2,0.5").matches(storedThen)).isTrue();
        assertThat(numbered("1", "2,0.5").matches(sent.hash())).isTrue();
        assertThat(numbered("3.0", "2,0.5").matches(storedThen)).isFalse();
    }
}
