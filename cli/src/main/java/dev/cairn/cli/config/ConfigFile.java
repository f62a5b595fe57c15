package dev.cairn.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's own settings file, {@code ~/.config/cairn/config.yaml} (or {@code $XDG_CONFIG_HOME/cairn/config.yaml}, or
 * the file named by {@code --cairn-config} / {@code CAIRN_CONFIG}). It is the last place a setting is looked for,
 * after the flag and the environment. Unknown keys are refused, so a typo is never silently ignored.
 *
 * <pre>
 * ledger_url: http://localhost:8081
 * planner_url: http://localhost:8080
 * token: cairn-local-token
 * kafka_bootstrap_servers: localhost:9092
 * s3:
 *   endpoint: http://localhost:9000
 *   region: us-east-1
 *   path_style: true
 * </pre>
 */
public final class ConfigFile {

    public static final Set<String> KEYS = Set.of(
            "ledger_url",
            "planner_url",
            "token",
            "kafka_bootstrap_servers",
            "s3.endpoint",
            "s3.region",
            "s3.path_style");

    private static final ConfigFile NONE = new ConfigFile(null, Map.of());

    private final Path path;
    private final Map<String, String> values;

    private ConfigFile(Path path, Map<String, String> values) {
        this.path = path;
        this.values = values;
    }

    /**
     * The file named by {@code explicit} (must exist), else {@code CAIRN_CONFIG} (must exist), else the default
     * location if it exists, else no file.
     */
    public static ConfigFile locate(String explicit, Map<String, String> env) {
        if (explicit != null) {
            return read(Path.of(explicit), "--cairn-config");
        }
        String fromEnv = env.get("CAIRN_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return read(Path.of(fromEnv), "CAIRN_CONFIG");
        }
        Path home = defaultPath(env);
        return home != null && Files.isRegularFile(home) ? read(home, home.toString()) : NONE;
    }

    static Path defaultPath(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "cairn", "config.yaml");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return home == null ? null : Path.of(home, ".config", "cairn", "config.yaml");
    }

    private static ConfigFile read(Path file, String namedBy) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage(namedBy, "the settings file " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw CliException.usage(file.toString(), "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CliException.usage(file.toString(), "cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw CliException.usage(file.toString(), "must be a mapping of settings");
            }
            flatten(file, "", root, values);
        }
        return new ConfigFile(file, values);
    }

    private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject() && "s3".equals(key)) {
                flatten(file, key + ".", e.getValue(), out);
            } else if (!KEYS.contains(key)) {
                throw CliException.usage(
                        file + ": " + key,
                        "unknown setting; known: "
                                + String.join(", ", KEYS.stream().sorted().toList()));
            } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw CliException.usage(file + ": " + key, "must be a single value");
            } else {
                out.put(key, e.getValue().asText());
            }
        }
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Where a value of {@code key} would come from, for messages ("ledger_url in /home/x/.config/cairn/config.yaml"). */
    public String describe(String key) {
        return key + " in " + (path != null ? path : "~/.config/cairn/config.yaml");
    }
}
