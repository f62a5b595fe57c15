package dev.cairn.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Live heap of a JVM on this machine, measured with {@code jcmd}: a full GC, then the used heap. */
final class Heap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Heap() {}

    /** MiB used right after a full GC, i.e. what is reachable. */
    static double liveMb(long pid) {
        Jcmd.run(pid, "GC.run");
        Matcher m = USED.matcher(Jcmd.run(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no 'used' figure");
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }
}
