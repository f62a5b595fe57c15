package dev.cairn.local.faults;

import java.util.List;
import java.util.Locale;

/**
 * One scenario's outcome: the checks' figures, recovery seconds counted from the start of the repair
 * ({@link RecoveryProbe#measure}: applied, marker, plan, then the probe's own three), repair seconds (how long the
 * fault's end step took: the broker or S3 server answering again, a killed service ready again; {@code -1} when it
 * failed), whether the fault took a server away (PostgreSQL, the broker, S3) rather than a Cairn service, readiness,
 * the processes restarted and notes (the machine's load at start and end, what the fault found).
 *
 * <p>The judged recovery ({@link #recoveryS()}) counts from the end of the fault: for a server fault, the moment the
 * server answers again (its own start is not Cairn's); for a killed Cairn service, the moment its restart begins (its
 * start is Cairn's). {@link #fromRepairStartS()} keeps the figure counted from the repair's start for both.
 */
record ScenarioResult(
        String name,
        int projects,
        FaultCheck.Figures figures,
        double[] recovery,
        double repairS,
        boolean serverFault,
        boolean drained,
        boolean readinessOk,
        String readiness,
        List<String> restarted,
        String notes) {

    static final double RECOVERY_GOAL_S = 30;

    /** The slowest of applied, marker and plan, from the end of the fault (see the class comment); -1 if one failed. */
    double recoveryS() {
        double worst = fromRepairStartS();
        if (worst < 0 || !serverFault) {
            return worst;
        }
        return repairS < 0 ? -1 : Math.max(0, worst - repairS);
    }

    /** The slowest of applied, marker and plan, counted from the start of the repair; -1 if one failed. */
    double fromRepairStartS() {
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
                "%s: %s %s recovery_s=%.1f (from the repair's start %.1f: applied, marker, plan, then the probe's: %s)"
                        + " repair_s=%.1f drained=%s readiness_ok=%s restarted=%s",
                name,
                passed() ? "PASS" : "MISS",
                figures,
                recoveryS(),
                fromRepairStartS(),
                java.util.Arrays.toString(recovery),
                repairS,
                drained,
                readinessOk,
                restarted);
    }
}
