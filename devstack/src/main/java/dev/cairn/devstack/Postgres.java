package dev.cairn.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for Cairn, chosen in this order:
 * <ol>
 *   <li>the JDBC URL in the environment ({@code CAIRN_PG_JDBC_URL}, else {@code QUARKUS_DATASOURCE_JDBC_URL}),</li>
 *   <li>the server already running at 127.0.0.1:5432 (user {@code postgres}, trust auth),</li>
 *   <li>a throwaway cluster made with the system's PostgreSQL binaries ({@code initdb}/{@code pg_ctl}),
 *       run as the {@code postgres} user when this JVM runs as root.</li>
 * </ol>
 * {@link #describe()} says which one was used.
 */
public final class Postgres implements AutoCloseable {

    public enum Source {
        ENVIRONMENT,
        LOCAL_SERVER,
        THROWAWAY_CLUSTER
    }

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+)(?:/([^?]*))?(\\?.*)?$");
    private static final String LOCAL_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final Source source;
    private final String baseUrl;
    private final String adminDatabase;
    private final String query;
    private final String user;
    private final String password;
    private final Path clusterDir;
    private final List<String> clusterRunner;

    private Postgres(
            Source source, String url, String user, String password, Path clusterDir, List<String> clusterRunner) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a PostgreSQL JDBC URL: " + url + " (expected jdbc:postgresql://host:port/database)");
        }
        this.source = source;
        this.baseUrl = m.group(1);
        this.adminDatabase = m.group(2) == null || m.group(2).isEmpty() ? "postgres" : m.group(2);
        this.query = m.group(3) == null ? "" : m.group(3);
        this.user = user;
        this.password = password;
        this.clusterDir = clusterDir;
        this.clusterRunner = clusterRunner;
    }

    public static Postgres locate(Map<String, String> env, Duration timeout) throws IOException {
        String url = env.getOrDefault("CAIRN_PG_JDBC_URL", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        if (url != null && !url.isBlank()) {
            boolean cairnVars = env.containsKey("CAIRN_PG_JDBC_URL");
            String user = env.getOrDefault(cairnVars ? "CAIRN_PG_USER" : "QUARKUS_DATASOURCE_USERNAME", "postgres");
            String password = env.getOrDefault(cairnVars ? "CAIRN_PG_PASSWORD" : "QUARKUS_DATASOURCE_PASSWORD", "");
            Postgres pg = new Postgres(Source.ENVIRONMENT, url, user, password, null, List.of());
            pg.check();
            return pg;
        }
        Postgres local = new Postgres(Source.LOCAL_SERVER, LOCAL_ADMIN_URL, "postgres", "", null, List.of());
        if (Ports.isOpen(5432)) {
            try {
                local.check();
                return local;
            } catch (IllegalStateException e) {
                System.err.println("[cairn-devstack] PostgreSQL at 127.0.0.1:5432 refused us (" + e.getMessage()
                        + "); starting a throwaway cluster instead");
            }
        }
        return startThrowawayCluster(timeout);
    }

    /** A fresh cluster from the system's PostgreSQL binaries on a free port, deleted on {@link #close()}. */
    public static Postgres startThrowawayCluster(Duration timeout) throws IOException {
        Path bin = systemBinaries();
        Path dir = Files.createTempDirectory("cairn-pg-");
        List<String> runner = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipal postgresUser =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgresUser);
            runner.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        int port = Ports.free();
        Path data = dir.resolve("data");
        run(
                runner,
                timeout,
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync");
        run(
                runner,
                timeout,
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("postgres.log").toString(),
                "-w",
                "-t",
                Long.toString(timeout.toSeconds()),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                "start");
        Postgres pg = new Postgres(
                Source.THROWAWAY_CLUSTER,
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres",
                "",
                dir,
                runner);
        pg.check();
        return pg;
    }

    private static Path systemBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(
                    "No PostgreSQL found: CAIRN_PG_JDBC_URL is not set, nothing answers on "
                            + "127.0.0.1:5432 and /usr/lib/postgresql holds no binaries. Install PostgreSQL or set CAIRN_PG_JDBC_URL.");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
        }
    }

    private static void run(List<String> runner, Duration timeout, String... command) throws IOException {
        List<String> full = new ArrayList<>(runner);
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String out = new String(p.getInputStream().readAllBytes());
            if (!done || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void check() {
        try (Connection c = connect(adminDatabase)) {
            c.createStatement().execute("select 1");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to " + jdbcUrl(adminDatabase) + " as " + user + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    public String jdbcUrl(String database) {
        return baseUrl + "/" + database + query;
    }

    /** The database the URL from the environment names, or {@code postgres}. */
    public String configuredDatabase() {
        return adminDatabase;
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case SQL identifier: " + database);
        }
        try (Connection c = connect(adminDatabase);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + database + "'");
            if (!rs.next()) {
                s.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + database + " on " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /** Drops {@code database}, disconnecting whoever still uses it. */
    public void dropDatabase(String database) {
        try (Connection c = connect(adminDatabase);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            System.err.println("[cairn-devstack] could not drop database " + database + ": " + e.getMessage());
        }
    }

    public Source source() {
        return source;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String describe() {
        return switch (source) {
            case ENVIRONMENT -> "the server named by the environment (" + baseUrl + ")";
            case LOCAL_SERVER -> "the server already running at 127.0.0.1:5432";
            case THROWAWAY_CLUSTER -> "a throwaway cluster in " + clusterDir + " (" + baseUrl + ")";
        };
    }

    @Override
    public void close() {
        if (clusterDir == null) {
            return;
        }
        try {
            Path bin = systemBinaries();
            run(
                    clusterRunner,
                    Duration.ofSeconds(30),
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    clusterDir.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "stop");
        } catch (IOException | RuntimeException e) {
            System.err.println("[cairn-devstack] stopping the throwaway PostgreSQL failed: " + e.getMessage());
        }
        WorkDirs.deleteTree(clusterDir);
    }
}
