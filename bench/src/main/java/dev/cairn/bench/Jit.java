package dev.cairn.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a JVM's JIT compilers have spent compiling, from its performance counters ({@code jcmd PerfCounter.print}):
 * {@code java.ci.totalTime}, the elapsed time of every compilation summed over the compiler threads, in ticks of
 * {@code sun.os.hrt.frequency} per second. Over a window, its growth divided by the window's length is how busy the
 * compilers were: about 1 or more while a just-started service still compiles its hot code (on two cores, one C1 and
 * one C2 thread), near 0 once it has.
 */
final class Jit {

    private static final Pattern TOTAL = Pattern.compile("(?m)^java\\.ci\\.totalTime=(\\d+)$");
    private static final Pattern FREQUENCY = Pattern.compile("(?m)^sun\\.os\\.hrt\\.frequency=(\\d+)$");

    private Jit() {}

    /** Seconds spent compiling since the JVM started. */
    static double compileSeconds(long pid) {
        String counters = Jcmd.run(pid, "PerfCounter.print");
        return counter(TOTAL, counters) / (double) counter(FREQUENCY, counters);
    }

    private static long counter(Pattern name, String counters) {
        Matcher m = name.matcher(counters);
        if (!m.find()) {
            throw new IllegalStateException("jcmd PerfCounter.print printed no " + name.pattern());
        }
        return Long.parseLong(m.group(1));
    }
}
