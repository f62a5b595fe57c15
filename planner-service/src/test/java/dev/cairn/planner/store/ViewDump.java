package dev.cairn.planner.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a view answers with, as text per {@code pipeline/config_id/project} plus the pipelines' declarations, the
 * key count and {@code as_of}: two views that answer alike have equal dumps.
 */
public final class ViewDump {

    private ViewDump() {}

    public static Map<String, String> of(CompletionView view) {
        Map<String, String> dump = new TreeMap<>();
        dump.put("~keys", String.valueOf(view.keys()));
        dump.put("~as_of", String.valueOf(view.asOf()));
        view.pipelines().forEach((pipeline, summary) -> {
            dump.put("~pipeline " + pipeline, summary.stages() + " " + summary.configIds());
            ViewRows rows = view.rows(pipeline, null, rank -> true);
            String[] stageNames = rows.stageNamesById();
            for (int i = 0; i < rows.size(); i++) {
                StringBuilder row = new StringBuilder()
                        .append(rows.level(i))
                        .append(" rank=")
                        .append(rows.levelRank(i))
                        .append(" at=")
                        .append(rows.completedAt(i))
                        .append(" run=")
                        .append(rows.runId(i))
                        .append(" changed=")
                        .append(rows.changedMillis(i));
                for (int id = 0; id < stageNames.length; id++) {
                    row.append(' ')
                            .append(stageNames[id])
                            .append('=')
                            .append(rows.status(i, id))
                            .append('@')
                            .append(rows.stageCompletedMillis(i, id));
                }
                dump.put(pipeline + "/" + rows.configId(i) + "/" + rows.project(i), row.toString());
            }
        });
        return dump;
    }
}
