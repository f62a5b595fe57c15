package dev.cairn.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.service.error.TooLargeException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line rules of {@code generate_remaining_configs.py}, case by case (completed: m1 and m2). */
class ConfigListFilterTest {

    private static final Set<String> COMPLETED = Set.of("m1", "m2");

    private static ConfigListFilter.Result run(String list) {
        char[] text = list.toCharArray();
        return new ConfigListFilter(1000).filter(text, text.length, (t, starts, ends, count, completed) -> {
            for (int i = 0; i < count; i++) {
                completed[i] = COMPLETED.contains(new String(t, starts[i], ends[i] - starts[i]));
            }
        });
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "m1.yaml\\nm3.yaml\\n|m3.yaml\\n|completed lines are dropped, the rest echoed",
                "m3.yaml|m3.yaml\\n|a last line without newline gets one",
                "m1.yaml\\n|''|nothing remaining prints nothing at all",
                "''|''|an empty list prints nothing",
                "# header\\n\\n   \\nm3.yaml\\n|m3.yaml\\n|comments and blank lines are skipped",
                "m3.yaml  # first try  \\n|m3.yaml  # first try\\n|a remaining line keeps its comment, loses trailing blanks",
                "  m3.yaml\\n|  m3.yaml\\n|leading blanks are kept in the echo",
                "m1.yaml # done\\n|''|the comment does not hide a completed project",
                "/data/configs/m1.yaml\\nconfigs/m2.yml\\n/x/m4.yaml\\n|/x/m4.yaml\\n|absolute and relative paths: the base name counts",
                "m3.yaml\\r\\nm4.yaml\\rm5.yaml\\n|m3.yaml\\nm4.yaml\\nm5.yaml\\n|universal newlines",
                "m1\\nm1.tar.gz\\n.m1\\n|m1.tar.gz\\n.m1\\n|splitext drops one extension; a leading dot is no extension",
                "#m1.yaml\\nm3#m1\\n|m3#m1\\n|only the text before the first # is the path",
                "\\u00a0m1.yaml\\u2003\\n\\u200bm1.yaml\\n|\\u200bm1.yaml\\n|Python whitespace (NBSP, EM SPACE) is stripped, ZWSP is not",
                "m1.yaml\\u0085\\nm3.yaml\\u000c\\n|m3.yaml\\n|NEL and form feed are whitespace, not line breaks",
                "\\ufeffm1.yaml\\n|\\ufeffm1.yaml\\n|a byte-order mark stays part of the first name",
                "dir/\\n|dir/\\n|an empty base name is not completed",
            })
    void likeTheSeedScript(String list, String expected, String what) {
        assertThat(run(unescape(list)).output()).as(what).isEqualTo(unescape(expected));
    }

    @Test
    void countsEntriesAndRemaining() {
        ConfigListFilter.Result r = run("# c\nm1.yaml\nm3.yaml\n\nm1.yaml\nm4.yaml\n");
        assertThat(r.entries()).isEqualTo(4);
        assertThat(r.remaining()).isEqualTo(2);
        assertThat(r.skipped()).isEqualTo(2);
    }

    @Test
    void tooManyEntriesIs413NamingTheLimit() {
        char[] text = "a\nb\nc\n# comments do not count\n".toCharArray();
        assertThat(new ConfigListFilter(3)
                        .filter(text, text.length, (t, s, e, n, c) -> {})
                        .entries())
                .isEqualTo(3);
        char[] more = "a\nb\nc\nd\n".toCharArray();
        assertThatThrownBy(() -> new ConfigListFilter(3).filter(more, more.length, (t, s, e, n, c) -> {}))
                .isInstanceOf(TooLargeException.class)
                .hasMessageContaining("more than 3 entries");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
