package dev.cairn.planner.messaging;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses the ISO-8601 timestamps of CompletionRecorded ({@code 2024-01-15T10:30:00.412Z}, or with an offset) without
 * the cost of {@link DateTimeFormatter} for the common shape, which matters when a million records are read at start.
 * Anything else goes to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also reports malformed values.
 */
final class IsoInstants {

    private IsoInstants() {}

    static Instant parse(String s) {
        int n = s.length();
        if (n >= 20
                && s.charAt(4) == '-'
                && s.charAt(7) == '-'
                && (s.charAt(10) == 'T' || s.charAt(10) == 't')
                && s.charAt(13) == ':'
                && s.charAt(16) == ':') {
            try {
                long seconds = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10))
                                        .toEpochDay()
                                * 86_400L
                        + digits(s, 11, 13) * 3600L
                        + digits(s, 14, 16) * 60L
                        + digits(s, 17, 19);
                int i = 19;
                int nanos = 0;
                if (s.charAt(i) == '.') {
                    int start = ++i;
                    while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
                        nanos = nanos * 10 + (s.charAt(i++) - '0');
                    }
                    if (i == start) {
                        return slow(s);
                    }
                    for (int k = i - start; k < 9; k++) {
                        nanos *= 10;
                    }
                }
                if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
                    return Instant.ofEpochSecond(seconds, nanos);
                }
                if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
                    int offset = digits(s, i + 1, i + 3) * 3600 + digits(s, i + 4, i + 6) * 60;
                    return Instant.ofEpochSecond(seconds - (s.charAt(i) == '+' ? offset : -offset), nanos);
                }
            } catch (DateTimeException | NumberFormatException e) {
                return slow(s);
            }
        }
        return slow(s);
    }

    private static Instant slow(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
