package dev.cairn.bootstrap.importlog;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/imports/completion-log}: counts, the ledger's verdicts on what was sent
 * ({@code imported} = applied + duplicates), and the malformed or refused lines by number (1-based).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportReport(
        String pipeline,
        long lines,
        long blankLines,
        long imported,
        long malformed,
        long eventsEmitted,
        long eventsApplied,
        long duplicates,
        long refused,
        List<LineError> errors,
        boolean errorsTruncated) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LineError(long line, String reason) {}
}
