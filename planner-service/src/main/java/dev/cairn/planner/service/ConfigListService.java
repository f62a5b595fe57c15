package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.service.error.InvalidRequestException;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code POST /api/v1/plan/config-list}: the seed's {@code generate_remaining_configs.py} against the view. The
 * script's {@code completed} set is "projects of the config_id whose level is {@code --level} or later" (its
 * {@code metashape} counts any entry, since any logged level is at least the first stage); {@code skip_if_complete}
 * may be given instead: {@code none} lists every line, {@code both} counts only final-stage completions.
 */
@Singleton
public class ConfigListService {

    /** The script's stdout and counts, with the warnings and the view's stamp. */
    public record Answer(ConfigListFilter.Result lines, int completed, List<String> warnings, ViewStamp stamp) {}

    private final CompletionView view;
    private final ViewGate gate;
    private final ConfigListFilter filter;

    public ConfigListService(CompletionView view, ViewGate gate, PlannerConfig config) {
        this.view = view;
        this.gate = gate;
        this.filter = new ConfigListFilter(config.limits().maxNames());
    }

    public Answer remaining(
            String pipeline,
            String configId,
            String skipIfComplete,
            String level,
            char[] text,
            int length,
            boolean fresh) {
        String config = configId == null ? Names.DEFAULT_CONFIG_ID : configId;
        if (skipIfComplete != null && level != null) {
            throw new InvalidRequestException(
                    "give either level (the seed script's --level) or skip_if_complete, not both");
        }
        ConfigListFilter.Entries entries = filter.parse(text, length);
        ViewStamp stamp = gate.enter(fresh);
        Looked looked = view.read(pipeline, config, read -> {
            SkipRule rule = skipIfComplete != null
                    ? SkipRule.parse("skip_if_complete", skipIfComplete, read.stages())
                    : SkipRule.atStage("level", level, read.stages());
            int finalRank = read.stages().size() - 1;
            boolean[] done = entries.lookUp(text, (t, starts, ends, count, completed) -> {
                int[] codes = new int[count];
                read.levelCodes(t, starts, ends, count, codes);
                for (int i = 0; i < count; i++) {
                    completed[i] = rule.completes(read.rankOfCode(codes[i]), finalRank);
                }
            });
            return new Looked(
                    done, read.count(rank -> rule.completes(rank, finalRank)), ViewWarnings.of(read, pipeline, config));
        });
        return new Answer(filter.echo(text, entries, looked.done), looked.completed, looked.warnings, stamp);
    }

    private record Looked(boolean[] done, int completed, List<String> warnings) {}
}
