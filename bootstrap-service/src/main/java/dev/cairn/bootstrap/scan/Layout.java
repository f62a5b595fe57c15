package dev.cairn.bootstrap.scan;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a source is listed. {@code folder}: one folder per project under the prefix; the folders are found with the
 * {@code /} delimiter and listed in parallel. {@code flat}: products side by side under the prefix
 * ({@code mission_001_ortho.tif}); one sequential listing. Project names follow the seed in both (see {@link SentinelRules}).
 */
public enum Layout {
    FOLDER("folder"),
    FLAT("flat");

    private final String value;

    Layout(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Layout> parse(String value) {
        return Arrays.stream(values()).filter(l -> l.value.equals(value)).findFirst();
    }
}
