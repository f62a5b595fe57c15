package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the user's seed scripts with the machine's python3 and times it. */
final class PythonScript {

    record Run(double seconds, int exit, Path stdout, Path stderr) {}

    private PythonScript() {}

    static Run run(Path script, List<String> args, Map<String, String> env, Path stdout, Path stderr) {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        try {
            Process p = pb.start();
            if (!p.waitFor(6, TimeUnit.HOURS)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in 6 hours");
            }
            return new Run((System.nanoTime() - t0) / 1e9, p.exitValue(), stdout, stderr);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run python3 " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
