package dev.cairn.planner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Names;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The allocation-free name check agrees with the contracts' rule. */
class QueryNamesTest {

    static Stream<String> names() {
        return Stream.of(
                "m1",
                "mission_001",
                "a.b-c_d",
                "0",
                "-a",
                ".a",
                "_a",
                "a/b",
                "a b",
                "a*",
                "\u00e4",
                "a\n",
                "",
                "a..b",
                "x".repeat(200),
                "x".repeat(201));
    }

    @ParameterizedTest
    @MethodSource("names")
    void agreesWithNames(String name) {
        char[] t = ("[" + name + "]").toCharArray();
        assertThat(QueryNames.isValid(t, 1, t.length - 1)).isEqualTo(Names.isValid(name));
    }
}
