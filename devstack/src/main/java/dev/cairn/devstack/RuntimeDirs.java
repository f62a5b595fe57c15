package dev.cairn.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the server jars are: copied at build time by {@code devstack/runtime} (Kafka, S3Proxy) and
 * {@code devstack/runtime-locals3} (LocalS3); {@code CAIRN_DEVSTACK_RUNTIME} overrides with one directory holding
 * {@code kafka/}, {@code s3/} and {@code locals3/}.
 */
public record RuntimeDirs(Path kafka, Path s3Proxy, Path localS3) {

    public static RuntimeDirs from(Map<String, String> env) {
        String override = env.get("CAIRN_DEVSTACK_RUNTIME");
        if (override != null && !override.isBlank()) {
            Path root = Path.of(override);
            return new RuntimeDirs(root.resolve("kafka"), root.resolve("s3"), root.resolve("locals3"));
        }
        try (InputStream in = RuntimeDirs.class.getResourceAsStream("/cairn-devstack.properties")) {
            Properties p = new Properties();
            p.load(in);
            Path root = Path.of(p.getProperty("runtime.dir"));
            return new RuntimeDirs(
                    root.resolve("kafka"), root.resolve("s3"), Path.of(p.getProperty("runtime.locals3.dir")));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cairn-devstack.properties is missing from the devstack jar", e);
        }
    }
}
