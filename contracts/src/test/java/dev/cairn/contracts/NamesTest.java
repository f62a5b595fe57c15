package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    static Stream<Arguments> hostileNames() {
        return Stream.of(
                Arguments.of("../x", "contains '/'"),
                Arguments.of("..", "must start with a letter or digit"),
                Arguments.of("a/b", "contains '/'"),
                Arguments.of("*", "must start with a letter or digit"),
                Arguments.of("x*", "may contain only"),
                Arguments.of("x?", "may contain only"),
                Arguments.of("[a]", "must start with a letter or digit"),
                Arguments.of("a[0]", "may contain only"),
                Arguments.of("a\u0000b", "control character (U+0000)"),
                Arguments.of("x\n", "control character (U+000A)"),
                Arguments.of("\tx", "control character (U+0009)"),
                Arguments.of("a b", "may contain only"),
                Arguments.of("é", "must start with a letter or digit"),
                Arguments.of("x".repeat(201), "is 201 characters long"),
                Arguments.of("", "is empty"),
                Arguments.of(null, "is missing"));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameIsRejectedWithReason(String name, String reason) {
        assertThat(Names.isValid(name)).isFalse();
        assertThat(Names.problem(name)).hasValueSatisfying(p -> assertThat(p).contains(reason));
        assertThatThrownBy(() -> Names.require("project", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("project ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"settlement.settle_orders", "mission_001", "photogrammetry", "a", "0", "x-y_z.1", "A1..b"})
    void ordinaryNamesAreAccepted(String name) {
        assertThat(Names.isValid(name)).isTrue();
        assertThat(Names.problem(name)).isEmpty();
        assertThat(Names.require("project", name)).isEqualTo(name);
    }

    @org.junit.jupiter.api.Test
    void twoHundredCharactersAreTheLimit() {
        assertThat(Names.isValid("x".repeat(200))).isTrue();
        assertThat(Names.isValid("x".repeat(201))).isFalse();
    }

    /** The hand-written check (String and char[] range) agrees with the rule's regular expression. */
    @org.junit.jupiter.api.Test
    void theCheckMatchesItsRegexOnRandomStrings() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(Names.REGEX);
        java.util.Random random = new java.util.Random(5);
        String alphabet = "aZ09._-/ *\n\u0000é٣:";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder("<<");
            int length = random.nextInt(4) == 0 ? 198 + random.nextInt(5) : random.nextInt(6);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = b.substring(2);
            boolean expected = regex.matcher(name).matches();
            assertThat(Names.isValid(name)).as("'%s'", name).isEqualTo(expected);
            char[] padded = (b + ">>").toCharArray();
            assertThat(Names.isValid(padded, 2, 2 + name.length()))
                    .as("'%s' in a buffer", name)
                    .isEqualTo(expected);
        }
    }
}
