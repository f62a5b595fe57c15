package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.service.error.InvalidRequestException;
import jakarta.inject.Singleton;

/**
 * {@code POST /api/v1/plan}: which of the given projects run, which are skipped, and which stages a running project
 * skips. One read-locked pass of lookups by name range (no allocation per name), then the decisions.
 */
@Singleton
public class PlanService {

    private final CompletionView view;
    private final ViewGate gate;

    public PlanService(CompletionView view, ViewGate gate) {
        this.view = view;
        this.gate = gate;
    }

    public PlanResult plan(String pipeline, String configId, String skipIfComplete, NameBatch names, boolean fresh) {
        QueryNames.require("pipeline", pipeline);
        String config = QueryNames.configId(configId);
        requireValidNames(names);
        ViewStamp stamp = gate.enter(fresh);
        String mode = skipIfComplete == null ? SkipRule.NONE : skipIfComplete;
        return view.read(pipeline, config, read -> {
            SkipRule rule = SkipRule.parse("skip_if_complete", mode, read.stages());
            int[] codes = new int[names.size()];
            read.levelCodes(names.chars(), names.starts(), names.ends(), names.size(), codes);
            return new PlanResult(
                    pipeline,
                    config,
                    mode,
                    read.stages(),
                    read.stageNamesById(),
                    read.ranksById(),
                    names,
                    codes,
                    rule,
                    ViewWarnings.of(read, pipeline, config),
                    stamp);
        });
    }

    private static void requireValidNames(NameBatch names) {
        char[] chars = names.chars();
        for (int i = 0; i < names.size(); i++) {
            if (!Names.isValid(chars, names.start(i), names.end(i))) {
                String name = names.name(i);
                throw new InvalidRequestException(
                        "projects[" + i + "] " + Names.problem(name).orElse("is not a valid name") + ": '"
                                + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "'");
            }
        }
    }
}
