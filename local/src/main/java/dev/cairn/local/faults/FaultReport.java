package dev.cairn.local.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes {@code faults/results/<when>.json} and {@code .md}, and copies them to {@code latest.*}. */
final class FaultReport {

    private FaultReport() {}

    static Path write(Path dir, String when, List<ScenarioResult> results, Map<String, String> options)
            throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("when", Instant.now().toString());
        root.putPOJO("options", options);
        ArrayNode list = root.putArray("scenarios");
        StringBuilder md = new StringBuilder("# ./run-faults, " + when + " UTC\n\nOptions: " + options + "; machine "
                + FaultMatrix.uptime() + " when this was written\n\n");
        md.append(
                "| scenario | projects | lost | duplicated | duplicate_folders | missing_folders | plan / completions / "
                        + "DLQ mismatches | recovery_s | from the repair's start (applied, marker, plan) | probe_s (applied, marker, plan) | repair_s | readiness_ok | restarted | result |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            FaultCheck.Figures f = r.figures();
            scenario(list.addObject(), r);
            md.append(String.format(
                    java.util.Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d / %d / %d+%d | %.1f | %.1f (%.1f, %.1f, %.1f) | %.1f, %.1f, %.1f | %.1f | %s | %s | %s |%n",
                    r.name(),
                    r.projects(),
                    f.lost(),
                    f.duplicated(),
                    f.duplicateFolders(),
                    f.missingFolders(),
                    f.planMismatches(),
                    f.completionsMismatches(),
                    f.dlqMissing(),
                    f.dlqExtra(),
                    r.recoveryS(),
                    r.fromRepairStartS(),
                    r.recovery()[0],
                    r.recovery()[1],
                    r.recovery()[2],
                    r.recovery()[3],
                    r.recovery()[4],
                    r.recovery()[5],
                    r.repairS(),
                    r.readinessOk(),
                    r.restarted().isEmpty() ? "none" : r.restarted(),
                    r.passed() ? "PASS" : "MISS"));
        }
        String summary = summary(results);
        root.put("summary", summary);
        md.append("\n").append(summary).append("\n\nNotes per scenario:\n\n");
        for (ScenarioResult r : results) {
            md.append("- ")
                    .append(r.name())
                    .append(": ")
                    .append(r.notes())
                    .append("; ")
                    .append(r.readiness());
            md.append("\n");
        }
        Path json = dir.resolve(when + ".json");
        Path mdFile = dir.resolve(when + ".md");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        Files.writeString(mdFile, md);
        Files.copy(json, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(mdFile, dir.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
        return mdFile;
    }

    /** One scenario's figures as a JSON object (the keys of {@code faults/results/*.json}). */
    private static void scenario(ObjectNode n, ScenarioResult r) {
        FaultCheck.Figures f = r.figures();
        n.put("scenario", r.name());
        n.put("projects", r.projects());
        n.put("lost", f.lost());
        n.put("duplicated", f.duplicated());
        n.put("duplicate_folders", f.duplicateFolders());
        n.put("missing_folders", f.missingFolders());
        n.put("plan_mismatches", f.planMismatches());
        n.put("completions_mismatches", f.completionsMismatches());
        n.put("dlq_missing", f.dlqMissing());
        n.put("dlq_extra", f.dlqExtra());
        n.put("recovery_s", r.recoveryS());
        n.put("recovery_from_repair_start_s", r.fromRepairStartS());
        n.put("server_fault", r.serverFault());
        n.put("recovery_applied_s", r.recovery()[0]);
        n.put("recovery_marker_s", r.recovery()[1]);
        n.put("recovery_plan_s", r.recovery()[2]);
        n.put("probe_applied_s", r.recovery()[3]);
        n.put("probe_marker_s", r.recovery()[4]);
        n.put("probe_plan_s", r.recovery()[5]);
        n.put("repair_s", r.repairS());
        n.put("drained", r.drained());
        n.put("readiness_ok", r.readinessOk());
        n.put("readiness", r.readiness());
        n.putPOJO("restarted", r.restarted());
        n.put("notes", r.notes());
        n.put("passed", r.passed());
    }

    /** The closing line: scenarios passed, the four counts over all scenarios, the worst recovery, the goal. */
    static String summary(List<ScenarioResult> results) {
        long passed = results.stream().filter(ScenarioResult::passed).count();
        double worst =
                results.stream().mapToDouble(ScenarioResult::recoveryS).max().orElse(0);
        boolean unmeasured = results.stream().anyMatch(r -> r.recoveryS() < 0);
        return String.format(
                java.util.Locale.ROOT,
                "%d/%d scenarios passed; in all lost %d, duplicated %d, duplicate_folders %d, missing_folders %d; "
                        + "worst recovery %s (goal: 0/0/0/0, recovery <= %d s from the end of the fault, a server's own restart not"
                        + " counted; no surviving process restarted)",
                passed,
                results.size(),
                results.stream().mapToInt(r -> r.figures().lost()).sum(),
                results.stream().mapToInt(r -> r.figures().duplicated()).sum(),
                results.stream().mapToInt(r -> r.figures().duplicateFolders()).sum(),
                results.stream().mapToInt(r -> r.figures().missingFolders()).sum(),
                unmeasured ? "not measured in every scenario" : String.format(java.util.Locale.ROOT, "%.1f s", worst),
                (int) ScenarioResult.RECOVERY_GOAL_S);
    }
}
