package dev.cairn.service.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemDetailTest {

    @Test
    void theBodyHasTheRfcMembersThenCairnsInThatOrder() throws Exception {
        String json = Json.mapper().writeValueAsString(ProblemDetail.of(404, "not_found", "no scan 1", List.of()));
        assertThat(json)
                .isEqualTo("{\"type\":\"https://cairn.dev/problems/not_found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"no scan 1\",\"error\":\"not_found\",\"message\":\"no scan 1\"}");
    }

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndNeverZero() {
        assertThat(ErrorResponses.retryAfterSeconds(Duration.ofMillis(2500))).isEqualTo(3);
        assertThat(ErrorResponses.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ErrorResponses.retryAfterSeconds(null)).isEqualTo(5);
    }
}
