package dev.cairn.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JitTest {

    private static final long SELF = ProcessHandle.current().pid();

    /**
     * What jcmd reads from another JVM is what that JVM's own {@link CompilationMXBean} reports: read between two MXBean
     * readings (compilation goes on meanwhile), it lies between them, in seconds.
     */
    @Test
    void readsTheCompileTimeTheJvmReportsOfItself() {
        CompilationMXBean mx = ManagementFactory.getCompilationMXBean();
        double before = mx.getTotalCompilationTime() / 1000.0;
        double read = Jit.compileSeconds(SELF);
        double after = mx.getTotalCompilationTime() / 1000.0;
        assertTrue(before > 0, "this JVM has compiled something before the test");
        // the MXBean truncates to whole milliseconds
        assertTrue(read >= before && read <= after + 0.001, before + " ≤ " + read + " ≤ " + after);
    }

    @Test
    void growthIsTheIncreaseDividedBySeconds() {
        Map<String, Double> busy =
                JitWarmUp.growth(Map.of("ledger", 10.0, "planner", 4.0), Map.of("ledger", 12.5, "planner", 4.5), 10);
        assertTrue(Math.abs(busy.get("ledger") - 0.25) < 1e-9, busy.toString());
        assertTrue(Math.abs(busy.get("planner") - 0.05) < 1e-9, busy.toString());
    }
}
