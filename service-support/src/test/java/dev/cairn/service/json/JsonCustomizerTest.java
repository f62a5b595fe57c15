package dev.cairn.service.json;

import static dev.cairn.service.ServiceSupportTests.authorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Json;
import dev.cairn.service.ProbeResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Quarkus' mapper (REST and injection) has exactly Cairn's JSON settings, those of {@link Json#configure}. */
@QuarkusTest
class JsonCustomizerTest {

    record Sample(String configId, Instant recordedAt) {}

    @Inject
    ObjectMapper mapper;

    @Test
    void theInjectedMapperWritesLikeTheContractsMapper() throws JsonProcessingException {
        Sample sample = new Sample("c1", Instant.parse("2024-01-15T10:30:00.412Z"));
        String json = mapper.writeValueAsString(sample);
        assertThat(json).isEqualTo("{\"config_id\":\"c1\",\"recorded_at\":\"2024-01-15T10:30:00.412Z\"}");
        assertThat(json).isEqualTo(Json.mapper().writeValueAsString(sample));
    }

    @Test
    void theInjectedMapperReadsLikeTheContractsMapper() throws JsonProcessingException {
        Sample read = mapper.readValue(
                "{\"config_id\":\"c1\",\"recorded_at\":\"2024-01-15T12:30:00+02:00\",\"colour\":\"green\"}",
                Sample.class);
        assertThat(read).isEqualTo(new Sample("c1", Instant.parse("2024-01-15T10:30:00Z")));
        assertThatThrownBy(() -> mapper.readTree("{\"a\":1}}")).isInstanceOf(JsonProcessingException.class);
    }

    /** Quarkus REST's generated serializers would write a tree as a bean ({"node_type": ...}); they are off. */
    @Test
    void jacksonTreesAreWrittenAsJsonByRestAndByTheInjectedMapper() throws JsonProcessingException {
        authorized()
                .get("/api/probe/measured")
                .then()
                .statusCode(200)
                .body("event_id", equalTo("e-1"))
                .body("metrics.rows_processed", equalTo(15000));
        assertThat(mapper.writeValueAsString(new ProbeResource.Measured(
                        "e-1", mapper.createObjectNode().put("a", 1))))
                .isEqualTo("{\"event_id\":\"e-1\",\"metrics\":{\"a\":1}}");
    }

    @Test
    void restAnswersUseTheSameSettings() {
        authorized()
                .get("/api/probe/names/p")
                .then()
                .statusCode(200)
                .body("config_id", equalTo("default"))
                .body("checked_at", equalTo("2024-01-15T10:30:00Z"));
    }
}
