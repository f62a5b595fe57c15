package dev.cairn.bootstrap.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.SourceProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PageMatchesTest {

    private static final SentinelRules RULES = new SentinelRules(
            "run", SentinelDefaults.forStage("metashape").orElseThrow().sentinels(), SentinelDefaults.PROJECT_PATTERN);
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-02-01T00:00:00Z");

    @Test
    void keepsTheNewestSentinelPerProjectAndTheSmallestKeyOnTies() {
        PageMatches page = new PageMatches(RULES, 0);
        page.offer("run/a/a_ortho.tif", T1, "\"e1\"");
        page.offer("run/a/a_ptcloud.laz", T2, "\"e2\"");
        page.offer("run/a/a_report.pdf", T2, "\"e3\"");
        page.offer("run/b/b_ptcloud.las", T1, "\"e4\"");
        page.offer("run/b/b_dsm-ptcloud.tif", T1, "\"e5\"");

        assertThat(page.matches())
                .containsExactly(
                        new Match("a", 0, T2, "run/a/a_ptcloud.laz", "e2"),
                        new Match("b", 0, T1, "run/b/b_dsm-ptcloud.tif", "e5"));
        assertThat(page.objects()).isEqualTo(5);
        assertThat(page.sentinels()).isEqualTo(4);
    }

    @Test
    void invalidOrMissingProjectNamesBecomeProblemsNotMatches() {
        PageMatches page = new PageMatches(RULES, 1);
        page.offer("run-old/x/x_ortho.tif", T1, null);
        page.offer("run/bad name/bad name_ortho.tif", T1, null);
        page.offer("run/bad name/bad name_ptcloud.las", T1, null);
        page.offer("run/_ortho.tif", T1, null);

        assertThat(page.matches()).isEmpty();
        assertThat(page.problems())
                .extracting(SourceProblem::subject)
                .containsExactly("-old", "bad name", "run/_ortho.tif");
        assertThat(page.problems().get(0).reason())
                .contains("project name '-old'")
                .contains("must start with a letter or digit");
    }

    @Test
    void mergeKeepsTheBetterMatch() {
        PageMatches a = new PageMatches(RULES, 0);
        a.offer("run/a/a_ortho.tif", T1, null);
        PageMatches b = new PageMatches(RULES, 0);
        b.offer("run/a_ortho.tif", T2, null);
        a.merge(b);
        assertThat(a.matches()).containsExactly(new Match("a", 0, T2, "run/a_ortho.tif", null));
        assertThat(a.objects()).isEqualTo(2);
    }

    @Test
    void codePointOrderIsS3Order() {
        assertThat(Match.compareCodePoints("a", "b")).isNegative();
        assertThat(Match.compareCodePoints("ab", "a")).isPositive();
        // U+FF61 sorts before U+1F600 in UTF-8, though not in UTF-16
        assertThat(Match.compareCodePoints("\uFF61", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF61".compareTo("\uD83D\uDE00")).isPositive();
    }
}
