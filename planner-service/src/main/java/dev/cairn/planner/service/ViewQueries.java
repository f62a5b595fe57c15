package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewRows;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The listing answers: the seed-format completion log of a pipeline, and the known projects below a stage.
 * Both copy their rows under the read lock, then stream them without it. Names are checked by the resources.
 */
@Singleton
public class ViewQueries {

    /** Rows (empty for an unknown pipeline), the stage they are measured against, warnings and stamp. */
    public record Listing(ViewRows rows, String stage, List<String> stages, List<String> warnings, ViewStamp stamp) {}

    private static final ViewRows NONE = CompletionView.emptyRows();

    private final CompletionView view;
    private final ViewGate gate;

    public ViewQueries(CompletionView view, ViewGate gate) {
        this.view = view;
        this.gate = gate;
    }

    /** Projects with a level, of one config_id or of all ({@code configId} null), as the seed's log would hold them. */
    public Listing completionLog(String pipeline, String configId, boolean fresh) {
        ViewStamp stamp = gate.enter(fresh);
        Header header = header(pipeline, configId, null, "below");
        ViewRows rows = view.rows(pipeline, configId, rank -> rank >= 0);
        return new Listing(rows == null ? NONE : rows, null, header.stages, header.warnings, stamp);
    }

    /** Known projects of the config_id whose level is below {@code below} (default: the final stage). */
    public Listing remaining(String pipeline, String configId, String below, boolean fresh) {
        String config = configId == null ? Names.DEFAULT_CONFIG_ID : configId;
        ViewStamp stamp = gate.enter(fresh);
        Header header = header(pipeline, config, below, "below");
        int threshold = header.rule.thresholdRank();
        ViewRows rows = view.rows(pipeline, config, rank -> rank < threshold);
        return new Listing(rows == null ? NONE : rows, header.rule.stage(), header.stages, header.warnings, stamp);
    }

    private record Header(SkipRule rule, List<String> stages, List<String> warnings) {}

    private Header header(String pipeline, String configId, String stage, String field) {
        return view.read(
                pipeline,
                configId,
                read -> new Header(
                        SkipRule.atStage(field, stage, read.stages()),
                        read.stages(),
                        ViewWarnings.of(read, pipeline, configId)));
    }
}
