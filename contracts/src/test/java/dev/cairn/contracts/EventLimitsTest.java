package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time window is the same everywhere and set by two environment variables, else 2000-01-01 .. now + 1 day. */
class EventLimitsTest {

    @Test
    void withoutTheVariablesTheDefaultsHold() {
        EventLimits limits = EventLimits.fromEnvironment(Map.of());
        assertThat(limits.earliest()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(limits.maxAhead()).isEqualTo(Duration.ofDays(1));
        assertThat(limits.problems(Instant.parse("1999-12-31T23:59:59Z"), null))
                .extracting(Problem::field)
                .containsExactly("occurred_at");
    }

    @Test
    void theVariablesMoveTheWindow() {
        EventLimits limits = EventLimits.fromEnvironment(
                Map.of(EventLimits.EARLIEST_VARIABLE, "1990-01-01T00:00:00Z", EventLimits.MAX_AHEAD_VARIABLE, "PT1H"));
        assertThat(limits.problems(Instant.parse("1995-06-01T00:00:00Z"), null)).isEmpty();
        Instant inThreeHours = Instant.now().plus(Duration.ofHours(3));
        assertThat(limits.problems(inThreeHours, null))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("1990-01-01T00:00:00Z"));
        assertThat(EventLimits.fromEnvironment(Map.of()).problems(inThreeHours, null))
                .isEmpty();
    }

    @Test
    void aBadValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EventLimits.fromEnvironment(Map.of(EventLimits.EARLIEST_VARIABLE, "2000-01-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CAIRN_EVENTS_EARLIEST");
        assertThatThrownBy(() -> EventLimits.fromEnvironment(Map.of(EventLimits.MAX_AHEAD_VARIABLE, "1 day")))
                .hasMessageContaining("CAIRN_EVENTS_MAX_AHEAD");
        assertThatThrownBy(() -> EventLimits.fromEnvironment(Map.of(EventLimits.MAX_AHEAD_VARIABLE, "-PT1H")))
                .hasMessageContaining("must not be negative");
    }
}
