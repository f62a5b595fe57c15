package dev.cairn.planner.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.messaging.EndOffsets;
import dev.cairn.planner.messaging.ViewProgress;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewRows;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipelines overview (per pipeline: projects per level, per status, config_ids), the planner's own readiness,
 * and the marker backlog: records of the completions topic the marker service's consumer group has not committed
 * yet, i.e. completions without a marker folder yet (the topic is keyed by project, so this is for all pipelines).
 */
@Singleton
public class DashboardOverview {

    private final CompletionView view;
    private final ViewProgress progress;
    private final EndOffsets endOffsets;
    private final PlannerConfig config;
    private final ObjectMapper mapper;

    DashboardOverview(
            CompletionView view,
            ViewProgress progress,
            EndOffsets endOffsets,
            PlannerConfig config,
            ObjectMapper mapper) {
        this.view = view;
        this.progress = progress;
        this.endOffsets = endOffsets;
        this.config = config;
        this.mapper = mapper;
    }

    ObjectNode overview() {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode pipelines = out.putArray("pipelines");
        for (Map.Entry<String, CompletionView.PipelineSummary> p :
                view.pipelines().entrySet()) {
            List<String> stages = p.getValue().stages();
            ViewRows rows = view.rows(p.getKey(), null, rank -> true);
            if (rows == null) {
                continue;
            }
            int[] ids = ProjectStatus.declaredIds(rows, stages);
            Map<String, Integer> levels = new LinkedHashMap<>();
            levels.put("none", 0);
            stages.forEach(s -> levels.put(s, 0));
            Map<ProjectStatus, Integer> statuses = new EnumMap<>(ProjectStatus.class);
            for (int i = 0; i < rows.size(); i++) {
                String level = rows.level(i);
                levels.merge(level == null || !levels.containsKey(level) ? "none" : level, 1, Integer::sum);
                statuses.merge(ProjectStatus.of(rows, i, ids), 1, Integer::sum);
            }
            ObjectNode node = pipelines.addObject();
            node.put("pipeline", p.getKey());
            node.set("stages", mapper.valueToTree(stages));
            node.set("config_ids", mapper.valueToTree(p.getValue().configIds()));
            node.put("projects", rows.size());
            node.set("by_level", mapper.valueToTree(levels));
            ObjectNode byStatus = node.putObject("by_status");
            for (ProjectStatus s : ProjectStatus.values()) {
                byStatus.put(s.label(), statuses.getOrDefault(s, 0));
            }
            node.put("failed", statuses.getOrDefault(ProjectStatus.FAILED, 0));
            node.put("running", statuses.getOrDefault(ProjectStatus.RUNNING, 0));
        }
        out.set("marker_backlog", markerBacklog());
        return out;
    }

    ObjectNode plannerReadiness() {
        ObjectNode s = mapper.createObjectNode();
        s.put("service", "planner-service");
        s.put("url", (String) null);
        s.put("state", "ok");
        s.put("status", progress.caughtUp() && progress.failure() == null ? "UP" : "DOWN");
        s.put("message", progress.failure());
        ObjectNode data = s.putObject("checks");
        data.put("keys", view.keys());
        data.put("lag", progress.lag());
        data.put("caught_up", progress.caughtUp());
        return s;
    }

    /** {@code {state, group, records}}: the marker group's lag on the completions topic. */
    ObjectNode markerBacklog() {
        ObjectNode out = mapper.createObjectNode();
        String group = config.dashboard().markerGroup();
        out.put("group", group);
        Map<TopicPartition, Long> positions = progress.positions();
        if (positions.isEmpty()) {
            return out.put("state", "error").put("message", "the view has not found " + config.topic() + " yet");
        }
        try {
            Map<TopicPartition, Long> end =
                    endOffsets.latest(positions.keySet(), config.dashboard().callTimeout());
            Map<TopicPartition, Long> committed =
                    endOffsets.committed(group, config.dashboard().callTimeout());
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                behind += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
            }
            return out.put("state", "ok").put("records", behind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.put("state", "error").put("message", "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return out.put("state", "error").put("message", "cannot read the offsets of " + group + ": " + e);
        }
    }
}
