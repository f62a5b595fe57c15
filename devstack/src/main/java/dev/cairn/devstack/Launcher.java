package dev.cairn.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar devstack/target/cairn-devstack.jar [options]}: starts real Kafka, PostgreSQL and S3 on
 * loopback, prints their settings as {@code export} lines, stays up until Ctrl-C, then stops what it started.
 */
public final class Launcher {

    private static final String USAGE = """
            Usage: java -jar devstack/target/cairn-devstack.jar [options]
              --random-ports        listen on free ports instead of Kafka 9092 and S3 9000
              --only LIST           start only some of kafka,postgres,s3 (default: all)
              --database NAME       PostgreSQL database to create and use (default: cairn)
              --buckets LIST        S3 buckets to create (default: cairn-markers,cairn-products)
              --partitions N        partitions of the Cairn topics (default: 3)
              --env-file FILE       also write the export lines to FILE once everything is ready
              --help                this text
            The PostgreSQL server comes from CAIRN_PG_JDBC_URL if set, else 127.0.0.1:5432, else a throwaway cluster.
            """;

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean randomPorts = false;
        Set<DevStack.Service> services = EnumSet.allOf(DevStack.Service.class);
        String database = "cairn";
        List<String> buckets = List.of("cairn-markers", "cairn-products");
        int partitions = 3;
        Path envFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--random-ports" -> randomPorts = true;
                case "--only" -> services = DevStack.parseServices(value(args, ++i));
                case "--database" -> database = value(args, ++i);
                case "--buckets" ->
                    buckets = Arrays.stream(value(args, ++i).split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i));
                case "--env-file" -> envFile = Path.of(value(args, ++i));
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }

        long t0 = System.nanoTime();
        DevStack stack = new DevStack(!randomPorts, false, partitions, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("\nStopping the devstack...");
                            stack.close();
                            stopped.countDown();
                        },
                        "cairn-devstack-stop"));

        System.out.println("Starting the Cairn devstack (" + services.toString().toLowerCase() + ")...");
        stack.ensure(services);
        if (services.contains(DevStack.Service.POSTGRES)) {
            stack.useDatabase(database);
        }
        if (services.contains(DevStack.Service.S3)) {
            stack.createBuckets(buckets);
        }
        System.out.println();
        stack.describe().forEach(line -> System.out.println("  " + line));
        if (services.contains(DevStack.Service.S3)) {
            System.out.println("  Buckets     " + String.join(", ", buckets));
        }
        System.out.println();
        List<String> exports = new ArrayList<>(stack.settings().exportLines());
        exports.forEach(System.out::println);
        if (envFile != null) {
            Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.write(tmp, exports);
            Files.move(
                    tmp,
                    envFile,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.printf("%nDevstack ready in %.1f s. Press Ctrl-C to stop it.%n", (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
