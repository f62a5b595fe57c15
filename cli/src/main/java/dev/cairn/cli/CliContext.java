package dev.cairn.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** What a command may touch of the world: the environment, stdin/stdout/stderr, and whether stderr is a terminal. */
public record CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean terminal) {}
