package dev.cairn.cli.config;

import dev.cairn.cli.CliException;
import java.util.Map;

/** One setting looked up in order: the flag, the environment, the settings file. */
public record Setting(String flag, String envName, String fileKey, String value) {

    public static Setting resolve(
            String flag, String flagValue, String envName, String fileKey, Map<String, String> env, ConfigFile file) {
        String value = flagValue;
        if (blank(value) && envName != null) {
            value = env.get(envName);
        }
        if (blank(value) && fileKey != null) {
            value = file.get(fileKey).orElse(null);
        }
        return new Setting(flag, envName, fileKey, blank(value) ? null : value.trim());
    }

    public boolean isSet() {
        return value != null;
    }

    /** The value, or a usage error saying the three places it can be given. */
    public String require(ConfigFile file) {
        if (value == null) {
            throw CliException.usage(
                    flag,
                    "not set: pass " + flag + (envName != null ? ", set " + envName : "")
                            + (fileKey != null ? ", or put " + file.describe(fileKey) : ""));
        }
        return value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
