package dev.cairn.bootstrap.importlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionLogLineTest {

    @Test
    void seedExampleLinesParse() {
        var parsed = CompletionLogLine.parse(
                Json.mapper(),
                "{\"project_name\":\"mission_002\",\"config_id\":\"highres\",\"completion_level\":\"metashape\","
                        + "\"timestamp\":\"2024-01-15T11:45:00Z\",\"workflow_name\":\"automate-metashape-workflow-def456\"}");
        assertThat(parsed)
                .isEqualTo(new CompletionLogLine.Valid(new CompletionLogLine(
                        "mission_002",
                        "highres",
                        "metashape",
                        Instant.parse("2024-01-15T11:45:00Z"),
                        "automate-metashape-workflow-def456")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the seed's own retroactive output (Python isoformat with +00:00)
                "2024-01-15T10:30:00+00:00 | 2024-01-15T10:30:00Z",
                "2024-01-15T10:30:00.123456+00:00 | 2024-01-15T10:30:00.123456Z",
                "2024-01-15T12:30:00+02:00 | 2024-01-15T10:30:00Z",
                // no offset: the seed's format says UTC
                "2024-01-15T10:30:00 | 2024-01-15T10:30:00Z",
            })
    void timestamps(String text, String expected) {
        assertThat(CompletionLogLine.timestamp(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{not json | not valid JSON",
                "[1,2] | must be a JSON object",
                "{\"config_id\":\"default\",\"completion_level\":\"metashape\",\"timestamp\":\"2024-01-15T10:30:00Z\"} | project_name is required",
                "{\"project_name\":\"../etc\",\"completion_level\":\"metashape\",\"timestamp\":\"2024-01-15T10:30:00Z\"} | project_name ",
                "{\"project_name\":\"m1\",\"completion_level\":\"metashape\",\"timestamp\":\"unknown\"} | timestamp is not an ISO-8601 date-time: 'unknown'",
                "{\"project_name\":\"m1\",\"completion_level\":\"metashape\",\"timestamp\":12} | timestamp must be a string, got number",
                "{\"project_name\":\"m1\",\"completion_level\":\"post process\",\"timestamp\":\"2024-01-15T10:30:00Z\"} | completion_level may contain only",
                "{\"project_name\":\"m1\",\"config_id\":\"a/b\",\"completion_level\":\"metashape\",\"timestamp\":\"2024-01-15T10:30:00Z\"} | config_id contains '/'",
            })
    void malformedLinesSayWhy(String line, String reason) {
        assertThat(CompletionLogLine.parse(Json.mapper(), line))
                .isInstanceOfSatisfying(
                        CompletionLogLine.Malformed.class,
                        m -> assertThat(m.reason()).contains(reason.trim()));
    }

    @Test
    void configIdDefaultsAndWorkflowIsOptional() {
        var parsed = CompletionLogLine.parse(
                Json.mapper(),
                "{\"project_name\":\"m1\",\"completion_level\":\"metashape\",\"timestamp\":\"2024-01-15T10:30:00Z\"}");
        assertThat(parsed)
                .isEqualTo(new CompletionLogLine.Valid(new CompletionLogLine(
                        "m1", "default", "metashape", Instant.parse("2024-01-15T10:30:00Z"), null)));
    }
}
