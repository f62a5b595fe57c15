package dev.cairn.local;

import dev.cairn.devstack.AppProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM each service is started with by {@code ./run-local}, chosen by the footprint bench ({@code ./run-bench
 * --only footprint}, figures in bench/ANALYSIS.md): a heap that starts small and gives memory back (the initial
 * heap would otherwise be 1/64 of the machine's memory, all of it touched before the first collection), the serial
 * collector (no parallel GC threads), C1 only (most of a service's start is JIT compilation on a small machine) and
 * an archive of the service's classes. The benchmarks keep their own options (C2, G1) for throughput.
 *
 * <p>{@link #APP_CDS} in the options stands for that archive, kept in the service module's {@code target/}: written
 * by the JVM when the service stops the first time it runs after a build, and mapped at every later start. An archive
 * older than the service's {@code quarkus-run.jar} is deleted and written again. Which archive depends on the Java
 * that runs the service ({@link #java}): on Java 25 or later the AOT cache ({@code cairn-app.aot},
 * {@code -XX:AOTCacheOutput} then {@code -XX:AOTCache}: classes loaded and linked ahead of time), on older ones an
 * application class-data archive ({@code cairn-app-cds.jsa}, {@code -XX:ArchiveClassesAtExit} then
 * {@code -XX:SharedArchiveFile}).
 *
 * <p>Options with {@link #APP_CDS} (the local run's) are run by the newest Java 25 or later found: {@code
 * CAIRN_SERVICE_JAVA_HOME} if set, else this JVM if it is one, else the newest JDK under {@code /usr/lib/jvm}; without
 * one, by this JVM. The services are built for Java 17 and run unchanged on later versions.
 */
public final class ServiceJvm {

    /** Placeholder for the service's archive options. */
    public static final String APP_CDS = "cairn:app-cds";

    /** The Java release from which the AOT cache replaces the class-data archive. */
    static final int AOT_CACHE_SINCE = 25;

    /** Where the local run looks for a newer Java when {@code CAIRN_SERVICE_JAVA_HOME} is not set. */
    static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    /** What {@code ./run-local} uses. */
    public static final List<String> LOCAL = List.of(
            "-Xms24m",
            "-Xmx512m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=48m",
            "-Xss512k",
            APP_CDS);

    /** A Java installation: its {@code bin/java} and its feature release (17, 25, ...). */
    public record Java(Path launcher, int release) {}

    private ServiceJvm() {}

    /** The Java that runs a service started with {@code options}. */
    public static Java java(List<String> options) {
        return java(options, System.getenv(), JVM_DIR);
    }

    static Java java(List<String> options, Map<String, String> env, Path jvmDir) {
        Java current = new Java(AppProcess.currentJava(), Runtime.version().feature());
        if (!options.contains(APP_CDS)) {
            return current;
        }
        String configured = env.get("CAIRN_SERVICE_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            return installed(home)
                    .orElseThrow(() -> new IllegalStateException("CAIRN_SERVICE_JAVA_HOME=" + configured
                            + " is not a Java installation (no bin/java and release file with JAVA_VERSION)"));
        }
        if (current.release() >= AOT_CACHE_SINCE) {
            return current;
        }
        return newest(jvmDir).filter(j -> j.release() >= AOT_CACHE_SINCE).orElse(current);
    }

    /** {@code options} for service {@code s} run by {@code java}, with {@link #APP_CDS} replaced by the archive's. */
    public static List<String> args(Path repo, CairnCluster.Service s, Java java, List<String> options) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            if (o.equals(APP_CDS)) {
                Path target = repo.resolve(s.module).resolve("target");
                boolean aot = java.release() >= AOT_CACHE_SINCE;
                out.add(archiveOption(target, aot));
                // a dump warns once per class it skips
                out.add(aot ? "-Xlog:aot=off" : "-Xlog:cds=off");
                if (aot) {
                    out.add("-Xlog:cds=off");
                }
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** Whether JVM options {@code args} (from {@link #args}) write an archive when the JVM exits. */
    public static boolean writesArchive(List<String> args) {
        return args.stream()
                .anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=") || a.startsWith("-XX:AOTCacheOutput="));
    }

    /** Whether service {@code s}, run by {@code java}, has an archive that matches its current build. */
    public static boolean hasArchive(Path repo, CairnCluster.Service s, Java java) {
        Path target = repo.resolve(s.module).resolve("target");
        return isCurrent(
                archive(target, java.release() >= AOT_CACHE_SINCE), target.resolve("quarkus-app/quarkus-run.jar"));
    }

    /**
     * Deletes service {@code s}'s archive for {@code java} and what a JVM writing one leaves beside it: for a JVM
     * that had to be killed while it wrote the archive, so that no later start maps a file cut short.
     */
    public static void discardArchive(Path repo, CairnCluster.Service s, Java java) {
        Path archive = archive(repo.resolve(s.module).resolve("target"), java.release() >= AOT_CACHE_SINCE);
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(archive.resolveSibling(archive.getFileName() + ".config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path archive(Path target, boolean aot) {
        return target.resolve(aot ? "cairn-app.aot" : "cairn-app-cds.jsa");
    }

    private static String archiveOption(Path target, boolean aot) {
        Path archive = archive(target, aot);
        Path runner = target.resolve("quarkus-app/quarkus-run.jar");
        try {
            if (isCurrent(archive, runner)) {
                return (aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
            }
            Files.deleteIfExists(archive);
            return (aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCurrent(Path archive, Path runner) {
        try {
            return Files.isRegularFile(archive)
                    && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(runner)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The installation at {@code home}, if it has a launcher and a readable release. */
    static Optional<Java> installed(Path home) {
        Path launcher = home.resolve("bin/java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(new Java(launcher, Integer.parseInt(m.group(1)))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Java> newest(Path jvmDir) {
        if (!Files.isDirectory(jvmDir)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvmDir)) {
            return homes.map(ServiceJvm::installed)
                    .flatMap(Optional::stream)
                    .max(Comparator.comparingInt(Java::release));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
