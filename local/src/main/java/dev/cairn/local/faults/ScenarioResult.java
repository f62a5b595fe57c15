package dev.cairn.local.faults;

import java.util.List;
import java.util.Locale;

/** One scenario's outcome: the checks' figures, recovery seconds, readiness and the processes restarted. */
record ScenarioResult(
        String name,
        int projects,
        FaultCheck.Figures figures,
        double[] recovery,
        boolean drained,
        boolean readinessOk,
        String readiness,
        List<String> restarted) {

    static final double RECOVERY_GOAL_S = 30;

    double recoveryS() {
        double worst = 0;
        for (double r : recovery) {
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
        FaultCheck.Figures f = figures;
        return String.format(
                Locale.ROOT,
                "%s: %s lost=%d duplicated=%d duplicate_folders=%d missing_folders=%d plan_mismatches=%d "
                        + "completions_mismatches=%d dlq_missing=%d dlq_extra=%d recovery_s=%.1f (applied %.1f, "
                        + "marker %.1f, plan %.1f) readiness_ok=%s restarted=%s",
                name,
                passed() ? "PASS" : "MISS",
                f.lost(),
                f.duplicated(),
                f.duplicateFolders(),
                f.missingFolders(),
                f.planMismatches(),
                f.completionsMismatches(),
                f.dlqMissing(),
                f.dlqExtra(),
                recoveryS(),
                recovery[0],
                recovery[1],
                recovery[2],
                readinessOk,
                restarted);
    }
}
