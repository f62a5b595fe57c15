package dev.cairn.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The test resource every service's {@code @QuarkusTest}s use. It joins servers given in the environment,
 * else starts the devstack once per test JVM (stopped when the JVM exits). Each Quarkus start gets a fresh
 * PostgreSQL database (dropped at stop), so tests pass when run twice in a row against the same server.
 *
 * <p>Init args: {@code services} (csv of kafka, postgres, s3; default all), {@code buckets} (csv, created
 * if missing) and {@code proxied} (csv of postgres, s3: the service reaches them through a {@link TcpProxy} that a
 * test can cut with {@code DevStack.shared().proxy(Service.S3).cut()} to simulate an outage). Where a Docker engine exists and {@code CAIRN_DEVSTACK=devservices} is set, this resource does
 * nothing and Quarkus Dev Services (Testcontainers) provide the servers instead.
 */
public class CairnDevStackResource implements QuarkusTestResourceLifecycleManager {

    private Set<DevStack.Service> services = EnumSet.allOf(DevStack.Service.class);
    private List<String> buckets = List.of();
    private Set<DevStack.Service> proxied = EnumSet.noneOf(DevStack.Service.class);
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey("services")) {
            services = DevStack.parseServices(initArgs.get("services"));
        }
        if (initArgs.containsKey("buckets")) {
            buckets = Arrays.stream(initArgs.get("buckets").split(","))
                    .map(String::trim)
                    .filter(b -> !b.isEmpty())
                    .toList();
        }
        if (initArgs.containsKey("proxied")) {
            proxied = DevStack.parseServices(initArgs.get("proxied"));
        }
    }

    @Override
    public Map<String, String> start() {
        if ("devservices".equals(System.getenv("CAIRN_DEVSTACK"))) {
            return Map.of("quarkus.devservices.enabled", "true");
        }
        DevStack stack = DevStack.shared().ensure(services);
        if (services.contains(DevStack.Service.S3) && !buckets.isEmpty()) {
            stack.createBuckets(buckets);
        }
        Settings settings = stack.settings();
        if (services.contains(DevStack.Service.POSTGRES)) {
            database = "cairn_test_" + ProcessHandle.current().pid() + "_"
                    + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
            stack.requirePostgres().createDatabase(database);
            settings = settings.withJdbcUrl(stack.requirePostgres().jdbcUrl(database));
        } else {
            settings = settings.withJdbcUrl(null);
        }
        settings = stack.proxiedSettings(settings, proxied);
        Map<String, String> config = new java.util.LinkedHashMap<>(settings.quarkusConfig());
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            DevStack.shared().requirePostgres().dropDatabase(database);
            database = null;
        }
    }
}
