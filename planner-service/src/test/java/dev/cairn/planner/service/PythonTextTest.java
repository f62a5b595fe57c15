package dev.cairn.planner.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's {@code os.path.splitext(os.path.basename(p))[0]} and {@code str.isspace}, checked against CPython 3.11. */
class PythonTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a.yaml|a",
                "a.b.c|a.b",
                ".bashrc|.bashrc",
                "..a|..a",
                "a.|a",
                "....|....",
                "a..b|a.",
                ".a.b|.a",
                "x/.y|.y",
                "/abs/dir/m1.yml|m1",
                "rel/dir/m2|m2",
                "dir.d/m3|m3",
                "dir/|''",
            })
    void projectNameLikePython(String path, String project) {
        char[] t = path.toCharArray();
        int base = PythonText.basenameStart(t, 0, t.length);
        int end = PythonText.splitextRootEnd(t, base, t.length);
        assertThat(new String(t, base, end - base)).isEqualTo(project);
    }

    @Test
    void whitespaceIsExactlyPythons() {
        // python3 -c "import sys; print([hex(c) for c in range(0x10000) if chr(c).isspace()])"
        int[] python = {
            0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
            0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000
        };
        java.util.Set<Integer> expected = new java.util.HashSet<>();
        for (int c : python) {
            expected.add(c);
        }
        for (int c = 0; c <= 0xFFFF; c++) {
            assertThat(PythonText.isSpace((char) c)).as("U+%04X", c).isEqualTo(expected.contains(c));
        }
    }
}
