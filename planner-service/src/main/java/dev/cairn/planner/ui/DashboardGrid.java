package dev.cairn.planner.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.StageMarks;
import dev.cairn.planner.store.ViewRows;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The projects × stages grid of one pipeline and config_id, from the planner's view: filtered by a name substring and
 * a {@link ProjectStatus}, sorted by name or last change, counted, and cut into pages on the server, so a browser
 * holds only the rows it shows. The filtered, sorted order of a query is kept until the view changes
 * ({@link CompletionView#generation()}), so scrolling through 100,000 rows sorts once.
 */
@Singleton
public class DashboardGrid {

    /** What the grid asks for; {@code status} null = every status; {@code sort} {@code name} or {@code changed}. */
    public record Query(String pipeline, String configId, String q, ProjectStatus status, String sort, boolean desc) {}

    /** A query's rows in order, and the counts per status of the rows that match the name filter. */
    record Result(ViewRows rows, int[] order, int total, Map<ProjectStatus, Integer> counts, List<String> stages) {}

    private record Key(Query query, long generation) {}

    private final CompletionView view;
    private final ObjectMapper mapper;
    private final Map<Key, Result> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Result> eldest) {
            return size() > 8;
        }
    };

    DashboardGrid(CompletionView view, ObjectMapper mapper) {
        this.view = view;
        this.mapper = mapper;
    }

    /** The page {@code [offset, offset + limit)} of {@code query}, with the counts and the stages. */
    public ObjectNode page(Query query, int offset, int limit) {
        Result r = result(query);
        ObjectNode out = mapper.createObjectNode();
        out.put("pipeline", query.pipeline());
        out.put("config_id", query.configId());
        out.set("stages", mapper.valueToTree(r.stages()));
        out.put("total", r.total());
        out.put("matched", r.order().length);
        ObjectNode counts = out.putObject("counts");
        for (ProjectStatus s : ProjectStatus.values()) {
            counts.put(s.label(), r.counts().getOrDefault(s, 0));
        }
        out.put("offset", offset);
        ArrayNode rows = out.putArray("rows");
        int[] ids = ProjectStatus.declaredIds(r.rows(), r.stages());
        for (int k = offset; k < Math.min(r.order().length, offset + limit); k++) {
            rows.add(row(r.rows(), r.order()[k], ids));
        }
        return out;
    }

    /** The JSON of rows {@code 0..size} of {@code rows} (the live stream's changed rows). */
    public ArrayNode rows(ViewRows rows, List<String> stages) {
        ArrayNode out = mapper.createArrayNode();
        int[] ids = ProjectStatus.declaredIds(rows, stages);
        for (int i = 0; i < rows.size(); i++) {
            out.add(row(rows, i, ids));
        }
        return out;
    }

    /** One row: project, status, level, last change, and one cell per declared stage (status, completed_at). */
    ObjectNode row(ViewRows rows, int i, int[] declaredIds) {
        ObjectNode row = mapper.createObjectNode();
        row.put("project", rows.project(i));
        row.put("status", ProjectStatus.of(rows, i, declaredIds).label());
        row.put("level", rows.level(i));
        row.put("changed_at", Instant.ofEpochMilli(rows.changedMillis(i)).toString());
        ArrayNode cells = row.putArray("cells");
        for (int id : declaredIds) {
            ObjectNode cell = cells.addObject();
            cell.put("status", StageMarks.label(id < 0 ? StageMarks.NONE : rows.status(i, id)));
            long t = id < 0 ? StageMarks.NO_TIME : rows.stageCompletedMillis(i, id);
            if (t != StageMarks.NO_TIME) {
                cell.put("completed_at", Instant.ofEpochMilli(t).toString());
            }
        }
        return row;
    }

    private Result result(Query query) {
        Key key = new Key(query, view.generation());
        synchronized (cache) {
            Result cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Result computed = compute(query);
        synchronized (cache) {
            cache.put(key, computed);
        }
        return computed;
    }

    private Result compute(Query query) {
        ViewRows rows = view.rows(query.pipeline(), query.configId(), rank -> true);
        List<String> stages = view.pipelines().containsKey(query.pipeline())
                ? view.pipelines().get(query.pipeline()).stages()
                : List.of();
        if (rows == null) {
            return new Result(CompletionView.emptyRows(), new int[0], 0, Map.of(), stages);
        }
        int[] ids = ProjectStatus.declaredIds(rows, stages);
        String needle = query.q() == null ? "" : query.q().toLowerCase(Locale.ROOT);
        Map<ProjectStatus, Integer> counts = new java.util.EnumMap<>(ProjectStatus.class);
        int[] order = new int[rows.size()];
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!needle.isEmpty() && !rows.project(i).toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            ProjectStatus s = ProjectStatus.of(rows, i, ids);
            counts.merge(s, 1, Integer::sum);
            if (query.status() == null || query.status() == s) {
                order[n++] = i;
            }
        }
        Comparator<Integer> byName = Comparator.comparing(rows::project);
        Comparator<Integer> cmp = "changed".equals(query.sort())
                ? Comparator.<Integer>comparingLong(rows::changedMillis).thenComparing(byName)
                : byName;
        Integer[] boxed = Arrays.stream(order, 0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, query.desc() ? cmp.reversed() : cmp);
        return new Result(
                rows, Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(), rows.size(), counts, stages);
    }
}
