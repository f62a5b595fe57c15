package dev.cairn.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of a warm-up: once the JIT compilers of the measured services are quiet ({@link Jit}), so that what follows
 * measures services that have been running rather than ones still compiling their hot code. On a saturated two-core
 * machine a service's C2 compiler gets a fraction of a core and takes minutes to get there; hence a window-by-window
 * check between a shortest and a longest warm-up, and a result that says whether it got there.
 */
final class JitWarmUp {

    /** The window over which how busy the compilers were is judged. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    /** Compiling for less than this share of a window (summed over a JVM's compiler threads) is quiet. */
    static final double QUIET = 0.10;

    /**
     * How the warm-up ended: after {@code seconds}, quiet or not (the longest warm-up ran out), with how busy each
     * service's compilers were over the last window (compile seconds per second).
     */
    record Result(double seconds, boolean quiet, Map<String, Double> busy) {}

    private JitWarmUp() {}

    /** Waits at least {@code min}, then window by window until every service in {@code pids} is quiet or {@code max}. */
    static Result await(Map<String, Long> pids, Duration min, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(Math.max(0, min.minus(WINDOW).toMillis()));
        Map<String, Double> before = compileSeconds(pids);
        long from = System.nanoTime();
        while (true) {
            Thread.sleep(WINDOW.toMillis());
            Map<String, Double> after = compileSeconds(pids);
            long to = System.nanoTime();
            Map<String, Double> busy = growth(before, after, (to - from) / 1e9);
            double seconds = (to - start) / 1e9;
            boolean quiet = busy.values().stream().allMatch(b -> b < QUIET);
            if (quiet || seconds >= max.toSeconds()) {
                return new Result(seconds, quiet, busy);
            }
            before = after;
            from = to;
        }
    }

    /** Seconds each service has spent compiling so far. */
    static Map<String, Double> compileSeconds(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name, Jit.compileSeconds(pid)));
        return seconds;
    }

    /** {@code ledger 0.062, planner 0.047}: one figure per service, three decimals. */
    static String format(Map<String, Double> figures) {
        StringBuilder text = new StringBuilder();
        figures.forEach((name, figure) ->
                text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %.3f", name, figure)));
        return text.toString();
    }

    /**
     * How much each service's reading grew between two readings, divided by {@code per}: compile seconds per second
     * when {@code per} is the seconds between them.
     */
    static Map<String, Double> growth(Map<String, Double> before, Map<String, Double> after, double per) {
        Map<String, Double> growth = new LinkedHashMap<>();
        after.forEach((name, s) -> growth.put(name, (s - before.get(name)) / per));
        return growth;
    }
}
