package dev.cairn.cli.command;

import dev.cairn.cli.CliException;
import dev.cairn.contracts.Names;

/** Client-side checks of the name rule, so a bad name is a usage error naming its flag before anything is sent. */
final class Checks {

    private Checks() {}

    /** Pairs of (flag, value); null values are skipped. */
    static void names(String... flagsAndValues) {
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            String flag = flagsAndValues[i];
            String value = flagsAndValues[i + 1];
            if (value != null) {
                Names.problem(value).ifPresent(p -> {
                    throw CliException.usage(flag, "'" + value + "' " + p);
                });
            }
        }
    }
}
