package dev.cairn.contracts;

import java.time.Instant;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 date-times with an offset (RFC 3339, e.g. {@code 2024-01-15T10:30:00Z}), in one place: {@link #parse} for
 * every reader of Cairn's timestamps, and {@link #isCanonical} for the stage-event validator's fast path.
 *
 * <p>The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} is read directly, without the cost of
 * {@link DateTimeFormatter} (a million records are read at a planner's start, and every stage event is parsed by the
 * ledger); anything else goes to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also reports malformed values.
 * The direct reading gives the same instant as {@link OffsetDateTime#parse}, and only accepts values that parser
 * accepts.
 */
public final class Timestamps {

    private static final int MAX_FAST_OFFSET_HOURS = 17;

    private Timestamps() {}

    /**
     * The instant of {@code text}, as {@code OffsetDateTime.parse(text).toInstant()} reads it.
     *
     * @throws java.time.format.DateTimeParseException when {@code text} is no ISO-8601 date-time with an offset
     */
    public static Instant parse(String text) {
        Instant fast = canonical(text);
        return fast != null
                ? fast
                : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
    }

    /**
     * True when {@code text} has the canonical shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} (upper-case
     * {@code T} and {@code Z}, ASCII digits, years 0001 to 9999, offsets below 18 hours but not {@code -00:00}) and names
     * a real date and time.
     * Stricter than RFC 3339: anything it refuses may still be valid, and gets the full validation.
     */
    public static boolean isCanonical(String text) {
        return text != null && canonical(text) != null;
    }

    /** The instant of a canonical {@code s}, or null when {@code s} is not canonical. */
    private static Instant canonical(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 1 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return null;
        }
        if (second < 0 || second > 59 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(s, i);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The offset starting at {@code s[i]} ({@code Z} or {@code ±HH:MM}) in seconds, else {@code Integer.MIN_VALUE}. */
    private static int offsetSeconds(String s, int i) {
        int n = s.length();
        if (i == n - 1 && s.charAt(i) == 'Z') {
            return 0;
        }
        if (i != n - 6 || s.charAt(i + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = s.charAt(i);
        int hours = digits(s, i + 1, i + 3);
        int minutes = digits(s, i + 4, n);
        if ((sign != '+' && sign != '-') || hours < 0 || hours > MAX_FAST_OFFSET_HOURS || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        if (sign == '-' && hours == 0 && minutes == 0) {
            return Integer.MIN_VALUE; // -00:00, RFC 3339's "offset unknown": the JSON Schema refuses it
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '+' ? seconds : -seconds;
    }

    /** The value of the ASCII digits {@code s[from, to)}, or -1 when one is no ASCII digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
