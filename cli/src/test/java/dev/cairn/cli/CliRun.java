package dev.cairn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code cairn} (the launcher {@code bin/cairn} and {@code target/cairn.jar}) as a child process,
 * with exactly the environment a test gives it (plus PATH and the JVM), as a pipeline step would.
 */
public final class CliRun {

    /** Exit code, stdout and stderr of one run. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private CliRun() {}

    public static Path launcher() {
        Path bin = Path.of("bin", "cairn").toAbsolutePath();
        if (!Files.isRegularFile(Path.of("target", "cairn.jar"))) {
            throw new IllegalStateException("target/cairn.jar is missing: the integration tests run after package");
        }
        return bin;
    }

    /** {@code emit TYPE --pipeline P --project X --stage S [--run-id R] MORE...} ({@code runId} null: none). */
    public static String[] emitArgs(
            String type, String pipeline, String project, String stage, String runId, String... more) {
        List<String> args =
                new ArrayList<>(List.of("emit", type, "--pipeline", pipeline, "--project", project, "--stage", stage));
        if (runId != null) {
            args.addAll(List.of("--run-id", runId));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    public static Result run(Map<String, String> env, String... args) {
        return runWithInput(env, null, args);
    }

    /** Runs to the end (at most 10 minutes) with {@code stdin} as standard input (or none). */
    public static Result runWithInput(Map<String, String> env, String stdin, String... args) {
        try {
            Path out = Files.createTempFile("cairn-out", ".txt");
            Path err = Files.createTempFile("cairn-err", ".txt");
            Process p = start(env, out, err, args);
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("cairn " + String.join(" ", args) + " did not finish in 10 minutes");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code cairn args} with output to files, for a test that kills it. */
    public static Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment()
                .put(
                        "JAVA",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().putAll(env);
        return pb.start();
    }
}
