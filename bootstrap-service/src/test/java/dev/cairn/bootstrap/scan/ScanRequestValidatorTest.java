package dev.cairn.bootstrap.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanRequestValidatorTest {

    private final ScanRequestValidator validator = new ScanRequestValidator();

    private static ScanRequest.Source source(String bucket, String prefix) {
        return new ScanRequest.Source(bucket, prefix, null, null, null);
    }

    private static ScanRequest seedLike() {
        Map<String, ScanRequest.Source> sources = new LinkedHashMap<>();
        sources.put("metashape", source("ofo-internal", "photogrammetry/default-run"));
        sources.put("postprocess", source("ofo-public", "postprocessed"));
        return new ScanRequest("photogrammetry", null, true, List.of("metashape", "postprocess"), sources);
    }

    @Test
    void seedStagesGetTheSeedDefaults() {
        ScanRequest request = seedLike();
        assertThat(validator.problems(request)).isEmpty();
        ScanPlan plan = validator.plan(request);
        assertThat(plan.configId()).isEqualTo("default");
        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.sources())
                .extracting(SourcePlan::ordinal, SourcePlan::stage, SourcePlan::layout)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "metashape", Layout.FOLDER),
                        org.assertj.core.groups.Tuple.tuple(1, "postprocess", Layout.FLAT));
        assertThat(plan.sources().get(0).sentinels())
                .containsExactly("_ortho\\.tif$", "_dsm-ptcloud\\.tif$", "_ptcloud\\.(las|laz)$");
        assertThat(plan.sources().get(1).sentinels()).containsExactly("_ortho\\.tif$");
        assertThat(plan.sources().get(1).projectPattern()).isEqualTo(SentinelDefaults.PROJECT_PATTERN);
    }

    @Test
    void everyProblemIsNamedByItsField() {
        Map<String, ScanRequest.Source> sources = new LinkedHashMap<>();
        sources.put(
                "metashape",
                new ScanRequest.Source(
                        "ofo-internal", "p", "tree", List.of("_ortho\\.tif$", "([unclosed"), "no-group"));
        sources.put("unknown", source("b", "p"));
        sources.put("custom", new ScanRequest.Source("b", null, null, null, null));
        ScanRequest request = new ScanRequest(
                "bad/pipe", "x y", false, List.of("metashape", "custom", "final", "metashape"), sources);

        assertThat(validator.problems(request))
                .extracting(Problem::field)
                .containsExactlyInAnyOrder(
                        "pipeline",
                        "config_id",
                        "stages[3]",
                        "sources.final",
                        "sources.unknown",
                        "sources.metashape.layout",
                        "sources.metashape.sentinels[1]",
                        "sources.metashape.project_pattern",
                        "sources.custom.prefix",
                        "sources.custom.layout",
                        "sources.custom.sentinels");
        assertThat(validator.problems(request))
                .filteredOn(p -> p.field().equals("sources.metashape.sentinels[1]"))
                .extracting(Problem::message)
                .first()
                .asString()
                .contains("not a valid regular expression")
                .contains("([unclosed");
        assertThat(validator.problems(request))
                .filteredOn(p -> p.field().equals("sources.unknown"))
                .extracting(Problem::message)
                .first()
                .asString()
                .contains("does not know");
        assertThat(validator.problems(request))
                .filteredOn(p -> p.field().equals("sources.final"))
                .extracting(Problem::message)
                .first()
                .asString()
                .contains("needs a source");
    }

    @Test
    void missingPartsAreReported() {
        assertThat(validator.problems(new ScanRequest(null, null, null, null, null)))
                .extracting(Problem::field)
                .containsExactlyInAnyOrder("pipeline", "stages", "sources");
        assertThat(validator.problems(null)).extracting(Problem::field).containsExactly("$");
    }

    @Test
    void bucketNamesThatWouldBreakAPathAreRefused() {
        Map<String, ScanRequest.Source> sources = Map.of("metashape", source("a/b", "p"));
        assertThat(validator.problems(new ScanRequest("p", null, null, List.of("metashape"), sources)))
                .extracting(Problem::field)
                .containsExactly("sources.metashape.bucket");
    }
}
