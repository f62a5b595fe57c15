package dev.cairn.bench;

import dev.cairn.devstack.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a user would pick instead of the ledger: Kafka Connect (standalone, {@code connect-runtime} 4.2.1) with
 * Debezium's JDBC sink connector 3.3.1.Final upserting the same records into PostgreSQL by {@code event_id}, batch
 * 500. It only stores rows (no state, history or outbox).
 */
final class JdbcSinkBaseline {

    static final String TOPIC = "bench.jdbc-sink";
    static final String TABLE = "jdbc_sink_events";

    private JdbcSinkBaseline() {}

    /** Runs the connector until the table holds {@code unique} rows; returns the records per second it consumed. */
    static Result run(BenchContext ctx, String database, int records, int unique) throws IOException {
        Path runtime = ctx.repo.resolve("bench/runtime/target/connect");
        Path dir = Files.createDirectories(ctx.work.resolve("connect"));
        Path plugin = pluginWithoutClashingJars(runtime.resolve("plugin"), dir.resolve("plugins"));
        Path worker = dir.resolve("worker.properties");
        Files.writeString(
                worker, """
                bootstrap.servers=%s
                key.converter=org.apache.kafka.connect.storage.StringConverter
                value.converter=org.apache.kafka.connect.json.JsonConverter
                value.converter.schemas.enable=true
                offset.storage.file.filename=%s
                plugin.path=%s
                consumer.auto.offset.reset=earliest
                consumer.max.poll.records=500
                listeners=http://127.0.0.1:0
                """.formatted(ctx.stack.settings().kafkaBootstrapServers(), dir.resolve("offsets"), plugin));
        Path connector = dir.resolve("jdbc-sink.properties");
        Files.writeString(connector, """
                name=bench-jdbc-sink
                connector.class=io.debezium.connector.jdbc.JdbcSinkConnector
                tasks.max=1
                topics=%s
                connection.url=%s
                connection.username=%s
                connection.password=%s
                insert.mode=upsert
                primary.key.mode=record_value
                primary.key.fields=event_id
                schema.evolution=basic
                batch.size=500
                table.name.format=%s
                """.formatted(
                        TOPIC,
                        ctx.postgres().jdbcUrl(database),
                        ctx.postgres().user(),
                        ctx.postgres().password(),
                        TABLE));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(
                log4j,
                "rootLogger.level=warn\nrootLogger.appenderRef.out.ref=out\nappender.out.type=Console\n"
                        + "appender.out.name=out\nappender.out.layout.type=PatternLayout\nappender.out.layout.pattern=%d %p %c: %m%n\n");
        long t0 = System.nanoTime();
        try (ServerProcess connect = ServerProcess.start(
                "kafka-connect",
                dir,
                ServerProcess.classpath(runtime.resolve("lib")),
                List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + log4j.toUri()),
                "org.apache.kafka.connect.cli.ConnectStandalone",
                List.of(worker.toString(), connector.toString()))) {
            long[] first = {-1};
            Progress progress = new Progress(ctx, "JDBC sink: rows stored", unique);
            BenchContext.await(
                    "the JDBC sink to store " + unique + " rows",
                    Duration.ofMinutes(60),
                    Duration.ofMillis(250),
                    () -> {
                        connect.checkAlive();
                        long rows = rows(ctx, database);
                        progress.update(rows);
                        if (rows > 0 && first[0] < 0) {
                            first[0] = System.nanoTime();
                        }
                        return rows >= unique;
                    });
            double seconds = (System.nanoTime() - first[0]) / 1e9;
            double cpu = ProcStats.cpuSeconds(connect.pid());
            double rss = ProcStats.peakRssMb(connect.pid());
            return new Result(records / seconds, seconds, (System.nanoTime() - t0) / 1e9, cpu, rss);
        }
    }

    record Result(
            double recordsPerSecond,
            double seconds,
            double wallSecondsWithStart,
            double cpuSeconds,
            double peakRssMb) {}

    private static long rows(BenchContext ctx, String database) {
        try {
            return ctx.scalar(database, "select count(*) from " + TABLE);
        } catch (IllegalStateException e) {
            return 0; // the connector has not created its table yet
        }
    }

    /** The plugin folder minus its own Jackson and SLF4J jars, which clash with the worker's and stop it loading. */
    private static Path pluginWithoutClashingJars(Path from, Path pluginsRoot) throws IOException {
        Path target = pluginsRoot.resolve("debezium-connector-jdbc");
        Files.createDirectories(target);
        try (Stream<Path> jars = Files.walk(from)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = jar.getFileName().toString();
                if (!name.startsWith("jackson-") && !name.startsWith("slf4j-")) {
                    Files.copy(jar, target.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return pluginsRoot;
    }
}
