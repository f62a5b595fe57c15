package dev.cairn.ledger.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ledger.domain.ProjectKey;
import dev.cairn.ledger.domain.ProjectState;
import dev.cairn.ledger.domain.StageProgress;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** {@code ledger.project_state}: one row per {@code (pipeline, project, config_id)}, locked for the apply transaction. */
@ApplicationScoped
public class StateStore {

    private static final TypeReference<LinkedHashMap<String, StageProgress>> STAGES = new TypeReference<>() {};

    /*
     * Both statements are upserts on purpose: ON CONFLICT finds each row through the primary key (its arbiter index)
     * whatever the planner's statistics say. A join of unnest(...) with the table, on a table that grew since its last
     * ANALYZE, was planned as a nested loop over a sequential scan and took seconds per batch.
     */

    /** Creates missing rows, locks every row (a no-op update) and returns what it holds, in primary-key order. */
    private static final String LOCK = """
            insert into ledger.project_state as s (pipeline, project, config_id, level, stage_states, last_event_id, version, updated_at)
            select u.p, u.pr, u.c, null, '{}'::jsonb, '', 0, now()
            from unnest(?::text[], ?::text[], ?::text[]) with ordinality as u(p, pr, c, ord)
            order by u.ord
            on conflict (pipeline, project, config_id) do update set version = s.version
            returning s.pipeline, s.project, s.config_id, s.stage_states::text, s.version, s.last_event_id
            """;

    private static final String UPDATE = """
            insert into ledger.project_state as s (pipeline, project, config_id, level, stage_states, last_event_id, version, updated_at)
            select u.p, u.pr, u.c, u.level, u.states::jsonb, u.eid, u.version, now()
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) as u(p, pr, c, level, states, eid, version)
            on conflict (pipeline, project, config_id) do update
               set level = excluded.level, stage_states = excluded.stage_states, last_event_id = excluded.last_event_id,
                   version = excluded.version, updated_at = excluded.updated_at
            """;

    private final ObjectMapper json;

    StateStore(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Locks the state rows of {@code keys} (creating empty ones, so two transactions creating the same key serialise on
     * it) and returns them. Keys are locked in primary-key order, which rules out deadlocks between appliers.
     */
    public Map<ProjectKey, ProjectState> lock(Connection c, SortedSet<ProjectKey> keys) throws SQLException {
        List<ProjectKey> ordered = new ArrayList<>(keys);
        Map<ProjectKey, ProjectState> states = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            bindKeys(c, ps, ordered);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ProjectKey key = new ProjectKey(rs.getString(1), rs.getString(2), rs.getString(3));
                    long version = rs.getLong(5);
                    String lastEventId = rs.getString(6);
                    states.put(
                            key,
                            new ProjectState(
                                    key.pipeline(),
                                    key.project(),
                                    key.configId(),
                                    parse(rs.getString(4)),
                                    version,
                                    lastEventId.isEmpty() ? null : lastEventId));
                }
            }
        }
        return states;
    }

    /** Writes back states changed in this transaction, with the level computed against each pipeline's stages. */
    public void update(Connection c, List<ProjectState> states, Map<String, List<String>> stagesByPipeline)
            throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setArray(1, Sql.texts(c, states, ProjectState::pipeline));
            ps.setArray(2, Sql.texts(c, states, ProjectState::project));
            ps.setArray(3, Sql.texts(c, states, ProjectState::configId));
            ps.setArray(4, Sql.texts(c, states, s -> s.level(stagesByPipeline.get(s.pipeline()))));
            ps.setArray(5, Sql.texts(c, states, s -> write(s.stages())));
            ps.setArray(6, Sql.texts(c, states, ProjectState::lastEventId));
            ps.setArray(7, Sql.longs(c, states, ProjectState::version));
            ps.executeUpdate();
        }
    }

    /** The committed state of one key, or null. Rows still at version 0 are placeholders of a rolled-back insert. */
    public ProjectState find(Connection c, ProjectKey key) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select stage_states::text, version, last_event_id from ledger.project_state "
                        + "where pipeline = ? and project = ? and config_id = ? and version > 0")) {
            ps.setString(1, key.pipeline());
            ps.setString(2, key.project());
            ps.setString(3, key.configId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new ProjectState(
                        key.pipeline(),
                        key.project(),
                        key.configId(),
                        parse(rs.getString(1)),
                        rs.getLong(2),
                        rs.getString(3));
            }
        }
    }

    /** One page of states of a pipeline, by project then config_id, after the given position. */
    public List<ProjectState> page(
            Connection c, String pipeline, String configId, String level, ProjectKey after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select project, config_id, stage_states::text, version, last_event_id "
                + "from ledger.project_state where pipeline = ? and version > 0");
        List<Object> args = new ArrayList<>(List.of(pipeline));
        if (configId != null) {
            sql.append(" and config_id = ?");
            args.add(configId);
        }
        if (level != null) {
            sql.append(" and level = ?");
            args.add(level);
        }
        if (after != null) {
            sql.append(" and (project, config_id) > (?, ?)");
            args.add(after.project());
            args.add(after.configId());
        }
        sql.append(" order by project, config_id limit ").append(limit);
        List<ProjectState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ProjectState(
                            pipeline,
                            rs.getString(1),
                            rs.getString(2),
                            parse(rs.getString(3)),
                            rs.getLong(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static void bindKeys(Connection c, PreparedStatement ps, List<ProjectKey> keys) throws SQLException {
        ps.setArray(1, Sql.texts(c, keys, ProjectKey::pipeline));
        ps.setArray(2, Sql.texts(c, keys, ProjectKey::project));
        ps.setArray(3, Sql.texts(c, keys, ProjectKey::configId));
    }

    private Map<String, StageProgress> parse(String text) {
        try {
            return json.readValue(text, STAGES);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Map<String, StageProgress> stages) {
        try {
            return json.writeValueAsString(stages);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
