package dev.cairn.ledger.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** Small JDBC helpers for the batched statements ({@code unnest} of arrays, one round trip per batch). */
final class Sql {

    private Sql() {}

    static <T> Array texts(Connection c, List<T> items, Function<T, String> f) throws SQLException {
        String[] values = new String[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = f.apply(items.get(i));
        }
        return c.createArrayOf("text", values);
    }

    static <T> Array bytes(Connection c, List<T> items, Function<T, byte[]> f) throws SQLException {
        byte[][] values = new byte[items.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = f.apply(items.get(i));
        }
        return c.createArrayOf("bytea", values);
    }

    static <T> Array longs(Connection c, List<T> items, Function<T, Long> f) throws SQLException {
        Long[] values = new Long[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = f.apply(items.get(i));
        }
        return c.createArrayOf("bigint", values);
    }
}
