package dev.cairn.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The parts of a {@code docker-compose.yml} that decide how a service is configured: its environment after Compose's
 * variable interpolation (anchors and {@code <<} merge keys resolved) and its bind-mounted files.
 */
final class ComposeFile {

    /** A service as Compose would start it: {@code mounts} maps a path in the container to the file on the host. */
    record Service(String name, boolean built, Map<String, String> environment, Map<String, String> mounts) {}

    private static final Pattern VARIABLE =
            Pattern.compile("\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    private final Map<String, Service> services = new LinkedHashMap<>();

    private ComposeFile() {}

    /** Reads {@code file} as Compose would with {@code variables} set in the shell that runs it. */
    @SuppressWarnings("unchecked")
    static ComposeFile read(Path file, Map<String, String> variables) throws IOException {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        ComposeFile compose = new ComposeFile();
        Map<String, Object> services = (Map<String, Object>) root.get("services");
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            Map<String, String> env = new LinkedHashMap<>();
            Object declared = service.getOrDefault("environment", Map.of());
            if (!(declared instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(name + ": environment must be a map in docker-compose.yml");
            }
            map.forEach((k, v) -> env.put(
                    String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v), variables, name + "." + k)));
            Map<String, String> mounts = new LinkedHashMap<>();
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String[] parts = String.valueOf(volume).split(":");
                if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                    mounts.put(
                            parts[1],
                            file.toAbsolutePath()
                                    .getParent()
                                    .resolve(parts[0])
                                    .normalize()
                                    .toString());
                }
            }
            compose.services.put(name, new Service(name, service.containsKey("build"), env, mounts));
        });
        return compose;
    }

    Map<String, Service> services() {
        return services;
    }

    /**
     * Compose's interpolation: {@code $$} is a literal {@code $}; {@code ${V}}, {@code $V}; {@code ${V:-d}} (d when V
     * is unset or empty), {@code ${V-d}} (d when unset); {@code ${V:?msg}} / {@code ${V?msg}} fail with msg.
     */
    static String interpolate(String value, Map<String, String> variables, String where) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(5);
                String given = variables.get(name);
                String op = m.group(3);
                boolean missing = op != null && op.startsWith(":") ? given == null || given.isEmpty() : given == null;
                if (op != null && op.endsWith("?") && missing) {
                    throw new IllegalArgumentException(where + ": " + name + " is required: " + m.group(4));
                }
                replacement = op != null && op.endsWith("-") && missing ? m.group(4) : given == null ? "" : given;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
