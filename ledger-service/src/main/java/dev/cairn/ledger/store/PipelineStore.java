package dev.cairn.ledger.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads every declared pipeline in one query, for the apply path (a small table, read once per batch). */
@ApplicationScoped
public class PipelineStore {

    public Map<String, List<String>> all(Connection c) throws SQLException {
        Map<String, List<String>> pipelines = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select name, stages from ledger.pipeline")) {
            while (rs.next()) {
                Array stages = rs.getArray(2);
                pipelines.put(rs.getString(1), List.of((String[]) stages.getArray()));
            }
        }
        return pipelines;
    }
}
