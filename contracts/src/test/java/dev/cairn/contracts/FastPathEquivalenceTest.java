package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validator's fast path ({@link FastEventCheck}) may only save work: whatever it accepts, the JSON Schema alone
 * must accept too, and so must the full validation (schema plus NUL, trailing line breaks and Java's date-time rules).
 * Checked over seeded generated events, valid ones and ones broken at the edges of each rule, not against
 * {@link StageEventValidator#validate}, which returns early when the fast path accepts.
 */
class FastPathEquivalenceTest {

    private static final long SEED = 20_261_204L;
    private static final int EVENTS = 20_000;

    private final SchemaValidator schema = new SchemaValidator(SchemaValidator.STAGE_EVENT);
    private final StageEventValidator validator = new StageEventValidator();

    @Test
    void theFastPathNeverAcceptsWhatTheSchemaRefuses() {
        StageEventGenerator generator = new StageEventGenerator(SEED);
        List<String> acceptedButRefused = new ArrayList<>();
        int fastAccepted = 0;
        int schemaRefused = 0;
        int left = 0;
        for (int i = 0; i < EVENTS; i++) {
            ObjectNode event = i % 2 == 0 ? generator.valid() : generator.mutated();
            boolean fast = FastEventCheck.certainlyValid(event, EventLimits.DEFAULT);
            List<Problem> bySchema = schema.validate(event);
            List<Problem> full = validator.fullValidation(event);
            if (fast && (!bySchema.isEmpty() || !full.isEmpty())) {
                acceptedButRefused.add(event + " -> schema " + bySchema + ", full " + full);
            }
            fastAccepted += fast ? 1 : 0;
            schemaRefused += bySchema.isEmpty() ? 0 : 1;
            left += !fast && full.isEmpty() ? 1 : 0;
        }
        assertThat(acceptedButRefused)
                .as("events the fast path accepts although the schema refuses them (seed %d)", SEED)
                .isEmpty();
        // the generator must exercise both sides, or the check above proves nothing
        assertThat(fastAccepted).as("events the fast path accepted").isGreaterThan(EVENTS / 3);
        assertThat(schemaRefused).as("events the schema refused").isGreaterThan(EVENTS / 4);
        assertThat(left).as("valid events left to the full validation").isPositive();
    }

    @Test
    void everyGeneratedValidEventIsValidAndTheFastPathTakesMostOfThem() {
        StageEventGenerator generator = new StageEventGenerator(SEED + 1);
        int fast = 0;
        for (int i = 0; i < 2_000; i++) {
            ObjectNode event = generator.valid();
            assertThat(schema.validate(event)).as("%s", event).isEmpty();
            assertThat(validator.validate(event).valid()).as("%s", event).isTrue();
            fast += FastEventCheck.certainlyValid(event, EventLimits.DEFAULT) ? 1 : 0;
        }
        assertThat(fast).as("valid events the fast path took").isGreaterThan(1_900);
    }
}
