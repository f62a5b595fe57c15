package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0b5c6f0e-7a43-4b7e-9a55-2f5d8f7c9e11", "bootstrap-5c0f", "reset-1", "a", "x.y_z:1-2"})
    void ordinaryIdsAreAccepted(String id) {
        assertThat(EventIds.isValid(id)).isTrue();
        assertThat(EventIds.problem(id)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "a/b", "x\n", "é", "a\u0000", "a@b", "a+b"})
    void idsOutsideTheAlphabetAreRefused(String id) {
        assertThat(EventIds.isValid(id)).isFalse();
        assertThat(EventIds.problem(id)).isPresent();
    }

    @Test
    void oneHundredTwentyEightCharactersAreTheLimit() {
        assertThat(EventIds.isValid("x".repeat(128))).isTrue();
        assertThat(EventIds.isValid("x".repeat(129))).isFalse();
        assertThat(EventIds.problem("x".repeat(129)))
                .hasValueSatisfying(p -> assertThat(p).contains("129 characters"));
        assertThat(EventIds.isValid(null)).isFalse();
    }

    /** The hand-written check agrees with the rule's regular expression on random strings near the alphabet. */
    @Test
    void theCheckMatchesItsRegex() {
        Pattern regex = Pattern.compile(EventIds.REGEX);
        Random random = new Random(7);
        String alphabet = "aZ09._:-/ @\n\u0000é";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(4) == 0 ? 126 + random.nextInt(5) : random.nextInt(6);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = b.toString();
            assertThat(EventIds.isValid(id))
                    .as("'%s'", id)
                    .isEqualTo(regex.matcher(id).matches());
        }
    }
}
