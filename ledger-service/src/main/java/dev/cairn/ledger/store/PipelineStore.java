package dev.cairn.ledger.store;

import dev.cairn.ledger.domain.Pipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code ledger.pipeline}: the declared pipelines and their ordered stages (a small table). */
@ApplicationScoped
public class PipelineStore {

    private static final String COLUMNS = "name, stages, created_at, updated_at";

    /** Every declared pipeline's stages, in one query (the apply path reads them once per batch). */
    public Map<String, List<String>> all(Connection c) throws SQLException {
        Map<String, List<String>> pipelines = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select name, stages from ledger.pipeline")) {
            while (rs.next()) {
                pipelines.put(rs.getString(1), stages(rs.getArray(2)));
            }
        }
        return pipelines;
    }

    /** Every declared pipeline, by name. */
    public List<Pipeline> list(Connection c) throws SQLException {
        List<Pipeline> pipelines = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + COLUMNS + " from ledger.pipeline order by name")) {
            while (rs.next()) {
                pipelines.add(pipeline(rs));
            }
        }
        return pipelines;
    }

    /** One pipeline; with {@code lock}, its row stays locked until the transaction ends. */
    public Optional<Pipeline> find(Connection c, String name, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from ledger.pipeline where name = ?" + (lock ? " for update" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(pipeline(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts the pipeline unless one of that name exists; empty when it existed. */
    public Optional<Pipeline> insertIfAbsent(Connection c, String name, List<String> stages, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into ledger.pipeline (" + COLUMNS + ") "
                + "values (?, ?, ?, ?) on conflict (name) do nothing returning " + COLUMNS)) {
            ps.setString(1, name);
            ps.setArray(2, c.createArrayOf("text", stages.toArray()));
            ps.setObject(3, now.atOffset(ZoneOffset.UTC));
            ps.setObject(4, now.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(pipeline(rs)) : Optional.empty();
            }
        }
    }

    /** Replaces the stages of an existing pipeline. */
    public Pipeline updateStages(Connection c, String name, List<String> stages, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update ledger.pipeline set stages = ?, updated_at = ? " + "where name = ? returning " + COLUMNS)) {
            ps.setArray(1, c.createArrayOf("text", stages.toArray()));
            ps.setObject(2, now.atOffset(ZoneOffset.UTC));
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("pipeline " + name + " vanished while it was locked");
                }
                return pipeline(rs);
            }
        }
    }

    private static Pipeline pipeline(ResultSet rs) throws SQLException {
        return new Pipeline(
                rs.getString(1),
                stages(rs.getArray(2)),
                rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant());
    }

    private static List<String> stages(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
