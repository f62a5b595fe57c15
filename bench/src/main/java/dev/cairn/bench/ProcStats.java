package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and peak RSS of a process from {@code /proc} (Linux): {@code utime + stime} of {@code /proc/<pid>/stat}
 * (clock ticks of 10 ms) and {@code VmHWM} of {@code /proc/<pid>/status}. Children (the server under the watchdog) are
 * the same JVM, so the pid is the service's.
 */
final class ProcStats {

    private static final double TICK_SECONDS = 0.01;

    private ProcStats() {}

    /** CPU seconds used so far, or NaN when the process is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak resident set size in MiB, or NaN. */
    static double peakRssMb(long pid) {
        return status(pid, "VmHWM:");
    }

    /** Resident set size now in MiB, or NaN. */
    static double rssMb(long pid) {
        return status(pid, "VmRSS:");
    }

    private static double status(long pid, String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            for (String l : lines) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Double.NaN;
    }
}
