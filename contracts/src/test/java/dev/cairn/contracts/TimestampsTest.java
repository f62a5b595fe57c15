package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-15T10:30:00Z",
                "2024-01-15T10:30:00.412Z",
                "2024-01-15T10:30:00.123456789Z",
                "2024-01-15T12:30:00+02:00",
                "2024-01-15T05:00:00-05:30",
                "2024-02-29T23:59:59Z",
                "0001-01-01T00:00:00Z"
            })
    void canonicalTimestampsAreReadAsJavaReadsThem(String text) {
        assertThat(Timestamps.isCanonical(text)).isTrue();
        assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-15t10:30:00z",
                "2024-01-15T10:30:00.1z",
                "2024-01-15T10:30:00+18:00",
                "2024-01-15T10:30:00-00:00",
                "2024-01-15T10:30Z",
                "2024-01-15T10:30:00+02",
                "0000-01-01T00:00:00Z",
                "+12024-01-15T10:30:00Z"
            })
    void otherShapesJavaAcceptsAreReadByTheFormatterAndAreNotCanonical(String text) {
        assertThat(Timestamps.isCanonical(text)).isFalse();
        assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-30T10:30:00Z",
                "2023-02-29T10:30:00Z",
                "2024-01-15T24:00:00Z",
                "2024-01-15T23:60:00Z",
                "2016-12-31T23:59:60Z",
                "2024-01-15 10:30:00Z",
                "2024-01-15T10:30:00",
                "2024-01-15T10:30:00.1234567891Z",
                "2024-01-15T10:30:00+0200",
                "2024-01-15T10:30:00+18:01",
                "٢٠٢٤-01-15T10:30:00Z",
                "yesterday",
                ""
            })
    void malformedTimestampsAreRefusedLikeJavaRefusesThem(String text) {
        assertThat(Timestamps.isCanonical(text)).isFalse();
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    /** Over random canonical values and one-character changes of them: the direct reading equals Java's. */
    @Test
    void theDirectReadingAgreesWithJavaOnGeneratedValues() {
        Random random = new Random(11);
        StageEventGenerator generator = new StageEventGenerator(13);
        String chars = "0123456789TtZz :-+.";
        int canonical = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder(generator.canonicalTimestamp());
            if (i % 2 == 1) {
                b.setCharAt(random.nextInt(b.length()), chars.charAt(random.nextInt(chars.length())));
            }
            String text = b.toString();
            Instant java;
            try {
                java = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                java = null;
            }
            if (Timestamps.isCanonical(text)) {
                canonical++;
                assertThat(java)
                        .as("%s is canonical, so Java must read it", text)
                        .isNotNull();
            }
            if (java == null) {
                assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeException.class);
            } else {
                assertThat(Timestamps.parse(text)).as(text).isEqualTo(java);
            }
        }
        assertThat(canonical).isGreaterThan(25_000);
    }
}
