package dev.cairn.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Live heap of a JVM on this machine, measured with {@code jcmd}: a full GC, then the used heap. */
final class Heap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Heap() {}

    /** MiB used right after a full GC, i.e. what is reachable. */
    static double liveMb(long pid) {
        run(pid, "GC.run");
        Matcher m = USED.matcher(run(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no 'used' figure");
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    private static String run(long pid, String command) {
        try {
            Process p = new ProcessBuilder(
                            java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
