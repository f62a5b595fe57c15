package dev.cairn.local.faults;

import java.util.List;
import java.util.Locale;

/**
 * One scenario's outcome: the checks' figures, recovery seconds ({@link RecoveryProbe#measure}: applied, marker,
 * plan, then the probe's own three), repair seconds (how long the fault's end step took:
 * the broker or S3 server answering again, a killed service ready again; {@code -1} when it failed), readiness, the
 * processes restarted and notes (the machine's load at start and end, what the fault found).
 */
record ScenarioResult(
        String name,
        int projects,
        FaultCheck.Figures figures,
        double[] recovery,
        double repairS,
        boolean drained,
        boolean readinessOk,
        String readiness,
        List<String> restarted,
        String notes) {

    static final double RECOVERY_GOAL_S = 30;

    double recoveryS() {
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            double r = recovery[i];
            if (r < 0) {
                return -1;
            }
            worst = Math.max(worst, r);
        }
        return worst;
    }

    boolean passed() {
        return figures.clean()
                && drained
                && readinessOk
                && restarted.isEmpty()
                && recoveryS() >= 0
                && recoveryS() <= RECOVERY_GOAL_S;
    }

    String line() {
        return String.format(
                Locale.ROOT,
                "%s: %s %s recovery_s=%.1f (applied, marker, plan, then the probe's: %s) repair_s=%.1f drained=%s readiness_ok=%s"
                        + " restarted=%s",
                name,
                passed() ? "PASS" : "MISS",
                figures,
                recoveryS(),
                java.util.Arrays.toString(recovery),
                repairS,
                drained,
                readinessOk,
                restarted);
    }
}
