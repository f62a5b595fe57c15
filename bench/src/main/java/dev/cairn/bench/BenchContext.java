package dev.cairn.bench;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.Postgres;
import dev.cairn.local.CairnCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What every scenario shares: the devstack, the sizes, a work directory, and starting a packaged service. */
final class BenchContext {

    static final String TOKEN = "bench-token-0123456789";

    final Path repo;
    final DevStack stack;
    final BenchSizes sizes;
    final Path work;
    private final long t0 = System.nanoTime();

    final boolean jfr;

    BenchContext(Path repo, DevStack stack, BenchSizes sizes, Path work, boolean jfr) {
        this.jfr = jfr;
        this.repo = repo;
        this.stack = stack;
        this.sizes = sizes;
        this.work = work;
    }

    void log(String format, Object... args) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, String.format(format, args));
    }

    /** Starts a packaged service against the devstack, its PostgreSQL database {@code database} (or none). */
    AppProcess start(
            CairnCluster.Service service, String name, String database, Map<String, String> extra, String heap) {
        var settings = stack.settings();
        if (database != null) {
            settings = settings.withJdbcUrl(postgres().jdbcUrl(database));
        }
        Map<String, String> env = new HashMap<>(CairnCluster.serviceEnvironment(settings, service, TOKEN));
        env.putAll(extra);
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        if (jfr) {
            // the S3 SDK's call stacks are deeper than JFR's default 64 frames: the caller would be cut off
            jvm.add("-XX:FlightRecorderOptions:stackdepth=256");
            jvm.add("-XX:StartFlightRecording=filename=" + work.resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        AppProcess app = AppProcess.start(
                name,
                repo.resolve(service.module).resolve("target/quarkus-app"),
                env,
                0,
                work.resolve("logs/" + name + ".log"),
                jvm);
        return app.awaitReady(Duration.ofSeconds(180));
    }

    Postgres postgres() {
        return stack.requirePostgres();
    }

    /** Drops and creates {@code name}: every scenario starts from an empty database. */
    void freshDatabase(String name) {
        postgres().dropDatabase(name);
        postgres().createDatabase(name);
    }

    long scalar(String database, String sql) {
        try (Connection c = postgres().connect(database);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql + " on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Polls {@code done} every {@code every} until true; fails after {@code timeout} naming {@code what}. */
    static void await(String what, Duration timeout, Duration every, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            sleep(every.toMillis());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
