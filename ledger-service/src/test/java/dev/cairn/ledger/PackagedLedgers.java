package dev.cairn.ledger;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.Postgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged ledger ({@code target/quarkus-app}, prod profile) as processes for the {@code *IT} tests: a database of
 * its own on the devstack's PostgreSQL, the devstack's Kafka, and every process stopped and the database dropped at
 * {@link #close()}.
 */
final class PackagedLedgers implements AutoCloseable {

    final DevStack stack;
    final Postgres postgres;
    final String database;
    /** The environment every process gets (the devstack's endpoints); tests add their settings. */
    final Map<String, String> env;

    private final List<AppProcess> apps = new ArrayList<>();

    PackagedLedgers(String databasePrefix) {
        stack = DevStack.shared().ensure(EnumSet.of(DevStack.Service.KAFKA, DevStack.Service.POSTGRES));
        postgres = stack.requirePostgres();
        database = databasePrefix + ProcessHandle.current().pid();
        postgres.createDatabase(database);
        env = new HashMap<>(
                stack.settings().withJdbcUrl(postgres.jdbcUrl(database)).environment());
    }

    /** Starts a ledger process named {@code name} with {@link #env} plus {@code settings}; does not wait for it. */
    AppProcess start(String name, Map<String, String> settings, String maxHeap) {
        Map<String, String> environment = new HashMap<>(env);
        environment.putAll(settings);
        AppProcess app = AppProcess.start(
                name,
                Path.of("target/quarkus-app"),
                environment,
                0,
                Path.of("target/it-logs/" + name + ".log"),
                List.of("-Xmx" + maxHeap));
        apps.add(app);
        return app;
    }

    @Override
    public void close() {
        apps.forEach(AppProcess::close);
        postgres.dropDatabase(database);
    }
}
