package dev.cairn.ledger.service;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.domain.HistoryEntry;
import dev.cairn.ledger.domain.ProjectKey;
import dev.cairn.ledger.domain.ProjectState;
import dev.cairn.ledger.store.EventStore;
import dev.cairn.ledger.store.PipelineStore;
import dev.cairn.ledger.store.StateStore;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.NotFoundException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Read side of the ledger: states, timelines and runs, straight from PostgreSQL (always fresh). */
@ApplicationScoped
public class CompletionQueries {

    public record Page<T>(List<T> items, String next) {}

    private final AgroalDataSource dataSource;
    private final StateStore states;
    private final EventStore events;
    private final PipelineStore pipelines;
    private final LedgerConfig.Queries pages;

    CompletionQueries(
            AgroalDataSource dataSource,
            StateStore states,
            EventStore events,
            PipelineStore pipelines,
            LedgerConfig config) {
        this.pages = config.queries();
        this.dataSource = dataSource;
        this.states = states;
        this.events = events;
        this.pipelines = pipelines;
    }

    public Page<CompletionRecorded> completions(String pipeline, String configId, String level, String after, int limit)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> stages = stagesOf(c, pipeline);
            if (level != null && !stages.contains(level)) {
                throw new InvalidRequestException("level '" + level + "' is not a stage of pipeline '" + pipeline
                        + "' (stages: " + String.join(", ", stages) + ")");
            }
            ProjectKey cursor = after == null ? null : Cursor.decode(pipeline, after);
            List<ProjectState> page = states.page(c, pipeline, configId, level, cursor, limit + 1);
            String next = null;
            if (page.size() > limit) {
                page = page.subList(0, limit);
                ProjectState last = page.get(limit - 1);
                next = Cursor.encode(last.project(), last.configId());
            }
            return new Page<>(
                    page.stream().map(s -> s.toRecord(stages, null, null)).toList(), next);
        }
    }

    public CompletionRecorded completion(ProjectKey key) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> stages = stagesOf(c, key.pipeline());
            ProjectState state = states.find(c, key);
            if (state == null) {
                throw new NotFoundException("no event recorded for project '" + key.project() + "' (config_id '"
                        + key.configId() + "') of pipeline '" + key.pipeline() + "'");
            }
            return state.toRecord(stages, null, null);
        }
    }

    /**
     * One page of a project's history after {@code seq} {@code after}: at most {@code limit} events and about
     * {@code cairn.ledger.queries.page-bytes} of payload ({@link EventStore.PageBounds}); {@code next} continues it.
     */
    public Page<HistoryEntry> timeline(ProjectKey key, long after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return page(events.timeline(c, key, after, bounds(limit)));
        }
    }

    /** One page of a run's events, bounded like {@link #timeline}. */
    public Page<HistoryEntry> run(String runId, long after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return page(events.byRun(c, runId, after, bounds(limit)));
        }
    }

    private EventStore.PageBounds bounds(int limit) {
        return new EventStore.PageBounds(limit, pages.pageBytes(), pages.fetchSize());
    }

    private static Page<HistoryEntry> page(EventStore.Slice slice) {
        List<HistoryEntry> items = slice.items();
        String next = slice.more() ? Long.toString(items.get(items.size() - 1).seq()) : null;
        return new Page<>(items, next);
    }

    private List<String> stagesOf(Connection c, String pipeline) throws SQLException {
        Map<String, List<String>> all = pipelines.all(c);
        List<String> stages = all.get(pipeline);
        if (stages == null) {
            throw new NotFoundException("pipeline '" + pipeline + "' is not declared");
        }
        return stages;
    }

    /** Opaque paging cursor: the last (project, config_id) of the previous page. */
    static final class Cursor {
        private Cursor() {}

        static String encode(String project, String configId) {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((project + "/" + configId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static ProjectKey decode(String pipeline, String cursor) {
            try {
                String s = new String(
                        java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
                int slash = s.indexOf('/');
                return new ProjectKey(pipeline, s.substring(0, slash), s.substring(slash + 1));
            } catch (RuntimeException e) {
                throw new InvalidRequestException("'after' is not a cursor returned by this API: " + cursor);
            }
        }
    }
}
