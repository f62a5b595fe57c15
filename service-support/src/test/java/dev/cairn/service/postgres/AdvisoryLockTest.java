package dev.cairn.service.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.Postgres;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The advisory lock against the devstack's real PostgreSQL: one session at a time, free again on close or death. */
class AdvisoryLockTest {

    static Postgres postgres;
    static String database;
    static PGSimpleDataSource dataSource;

    @BeforeAll
    static void start() {
        postgres =
                DevStack.shared().ensure(EnumSet.of(DevStack.Service.POSTGRES)).requirePostgres();
        database = "cairn_lock_" + ProcessHandle.current().pid();
        postgres.createDatabase(database);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(database));
        dataSource.setUser(postgres.user());
        dataSource.setPassword(postgres.password());
    }

    @AfterAll
    static void stop() {
        postgres.dropDatabase(database);
    }

    private static long anyKey() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Test
    void aLockIsHeldByOneSessionAtATimeAndFreeAgainOnceClosed() throws SQLException {
        long key = anyKey();
        Optional<AdvisoryLock> first = AdvisoryLock.tryAcquire(dataSource, key);
        assertThat(first).isPresent();
        assertThat(first.get().isValid()).isTrue();
        assertThat(AdvisoryLock.tryAcquire(dataSource, key))
                .as("another session must not get it")
                .isEmpty();
        try (AdvisoryLock other = AdvisoryLock.tryAcquire(dataSource, anyKey()).orElseThrow()) {
            assertThat(other.isValid()).as("another key is independent").isTrue();
        }
        first.get().close();
        assertThat(first.get().connection().isClosed()).isTrue();
        try (AdvisoryLock again = AdvisoryLock.tryAcquire(dataSource, key).orElseThrow()) {
            assertThat(again.key()).isEqualTo(key);
        }
    }

    /** As from a pool: {@code close()} hands the connection back, the session (and any lock it holds) lives on. */
    @Test
    void closingUnlocksEvenWhenThePoolKeepsTheSession() throws SQLException {
        long key = anyKey();
        try (Connection session = dataSource.getConnection()) {
            Connection kept = (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(session, args));
            PGSimpleDataSource pool = new PGSimpleDataSource() {
                @Override
                public Connection getConnection() {
                    return kept;
                }
            };
            AdvisoryLock.tryAcquire(pool, key).orElseThrow().close();
            assertThat(session.isClosed()).as("the pooled session lives on").isFalse();
            try (AdvisoryLock next = AdvisoryLock.tryAcquire(dataSource, key).orElseThrow()) {
                assertThat(next.isValid()).isTrue();
            }
        }
    }

    @Test
    void aLockIsFreedWhenItsSessionDies() throws SQLException {
        long key = anyKey();
        AdvisoryLock held = AdvisoryLock.tryAcquire(dataSource, key).orElseThrow();
        int pid;
        try (var rs = held.connection().createStatement().executeQuery("select pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Connection admin = dataSource.getConnection();
                PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.execute();
        }
        assertThat(held.isValid()).as("the holder sees its session is gone").isFalse();
        try (AdvisoryLock taken = AdvisoryLock.tryAcquire(dataSource, key).orElseThrow()) {
            assertThat(taken.isValid()).isTrue();
        }
        held.close(); // closing a dead lock is quiet
    }

    @Test
    void anUnreachableDatabaseIsAnError() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        assertThatThrownBy(() -> AdvisoryLock.tryAcquire(nowhere, 1)).isInstanceOf(SQLException.class);
    }
}
