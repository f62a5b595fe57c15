package dev.cairn.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Cairn service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own process, for
 * tests that kill or restart a service, the local run and the benchmarks. It runs under {@link Watchdog}, so it
 * stops by itself if the process that started it dies.
 */
public final class AppProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code quarkusApp} (a {@code quarkus-app} directory) with {@code env} on top of this process'
     * environment, HTTP on {@code port} (0 = any free port), output appended to {@code log}.
     */
    public static AppProcess start(
            String name, Path quarkusApp, Map<String, String> env, int port, Path log, List<String> jvmArgs) {
        return start(name, quarkusApp, env, true, port, log, jvmArgs);
    }

    /**
     * As {@link #start(String, Path, Map, int, Path, List)}; with {@code inheritEnvironment} false the process gets
     * {@code env} (and its HTTP port) and nothing else, as a container gets only what its definition sets.
     */
    public static AppProcess start(
            String name,
            Path quarkusApp,
            Map<String, String> env,
            boolean inheritEnvironment,
            int port,
            Path log,
            List<String> jvmArgs) {
        return start(name, quarkusApp, env, inheritEnvironment, port, log, currentJava(), jvmArgs);
    }

    /** As {@link #start(String, Path, Map, boolean, int, Path, List)}, run by the {@code java} launcher given. */
    public static AppProcess start(
            String name,
            Path quarkusApp,
            Map<String, String> env,
            boolean inheritEnvironment,
            int port,
            Path log,
            Path java,
            List<String> jvmArgs) {
        Path runner = quarkusApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(
                    runner + " does not exist: package the service first (./mvnw -B package -DskipTests)");
        }
        int p = port == 0 ? Ports.free() : port;
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(runner + File.pathSeparator + ownLocation());
        command.add(Watchdog.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!inheritEnvironment) {
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(p));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new AppProcess(name, builder.start(), p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The {@code java} launcher of this JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String ownLocation() {
        return codeLocation(AppProcess.class);
    }

    /** The jar (or classes directory) {@code type} was loaded from, for another JVM's class path. */
    public static String codeLocation(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the process dies first. */
    public AppProcess awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + "; log " + log + ":\n" + tail(40));
            }
            if (isReady(http)) {
                return this;
            }
            KafkaBroker.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; log " + log + ":\n" + tail(40));
    }

    public boolean isReady() {
        return isReady(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    }

    private boolean isReady(HttpClient http) {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the service gets no chance to finish anything. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(10);
    }

    /** SIGTERM, then SIGKILL after {@code seconds}; whether it exited by itself in that time. */
    public boolean stop(int seconds) {
        process.destroy();
        if (!waitForExit(seconds)) {
            kill();
            return false;
        }
        return true;
    }

    private boolean waitForExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(15);
        }
    }
}
