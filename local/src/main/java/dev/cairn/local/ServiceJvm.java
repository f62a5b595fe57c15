package dev.cairn.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options {@code ./run-local} starts each service with, chosen by the footprint bench ({@code ./run-bench
 * --only footprint}, figures in bench/ANALYSIS.md): a heap that starts small and gives memory back (the initial
 * heap would otherwise be 1/64 of the machine's memory, all of it touched before the first collection), the serial
 * collector (no parallel GC threads), C1 only (most of a service's start is JIT compilation on a small machine) and
 * an application class-data archive per service. The benchmarks keep their own options (C2, G1) for throughput.
 *
 * <p>{@link #APP_CDS} in the options stands for that archive: {@code target/cairn-app-cds.jsa} of the service's
 * module, written by the JVM when the service stops ({@code -XX:ArchiveClassesAtExit}) the first time it runs after a
 * build, and mapped at every later start ({@code -XX:SharedArchiveFile}). An archive older than the service's
 * {@code quarkus-run.jar} is deleted and written again; a JVM that cannot use an archive (another JDK) ignores it.
 */
public final class ServiceJvm {

    /** Placeholder for the service's class-data archive options. */
    public static final String APP_CDS = "cairn:app-cds";

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

    private ServiceJvm() {}

    /** {@code options} for service {@code s}, with {@link #APP_CDS} replaced by the archive's option. */
    public static List<String> args(Path repo, CairnCluster.Service s, List<String> options) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            if (o.equals(APP_CDS)) {
                out.add(archiveOption(repo.resolve(s.module).resolve("target")));
                out.add("-Xlog:cds=off"); // a dump warns once per class it skips
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** Whether JVM options {@code args} (from {@link #args}) write an archive when the JVM exits. */
    public static boolean writesArchive(List<String> args) {
        return args.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    }

    /** Whether service {@code s} has an archive that matches its current build. */
    public static boolean hasArchive(Path repo, CairnCluster.Service s) {
        Path target = repo.resolve(s.module).resolve("target");
        return isCurrent(target.resolve("cairn-app-cds.jsa"), target.resolve("quarkus-app/quarkus-run.jar"));
    }

    private static String archiveOption(Path target) {
        Path archive = target.resolve("cairn-app-cds.jsa");
        Path runner = target.resolve("quarkus-app/quarkus-run.jar");
        try {
            if (isCurrent(archive, runner)) {
                return "-XX:SharedArchiveFile=" + archive;
            }
            Files.deleteIfExists(archive);
            return "-XX:ArchiveClassesAtExit=" + archive;
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
}
