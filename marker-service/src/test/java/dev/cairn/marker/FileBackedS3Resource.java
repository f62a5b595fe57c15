package dev.cairn.marker;

import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.RuntimeDirs;
import dev.cairn.devstack.S3Server;
import dev.cairn.devstack.Settings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devstack's Kafka plus an S3Proxy of its own that keeps its objects on disk ({@link S3Server.Kind#S3PROXY_FILES}),
 * so that a test can {@code kill -9} it and start it again with the same data ({@link #server()}).
 */
public class FileBackedS3Resource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "cairn-markers-test";
    private static volatile S3Server server;

    @Override
    public Map<String, String> start() {
        Settings kafka =
                DevStack.shared().ensure(EnumSet.of(DevStack.Service.KAFKA)).settings();
        try {
            server = S3Server.start(
                    S3Server.Kind.S3PROXY_FILES, RuntimeDirs.from(System.getenv()), 0, DevStack.START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3Server.createBuckets(server.endpoint(), List.of(BUCKET));
        Map<String, String> config = new LinkedHashMap<>(
                new Settings(kafka.kafkaBootstrapServers(), null, null, null, server.endpoint()).quarkusConfig());
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    public static S3Server server() {
        return server;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
