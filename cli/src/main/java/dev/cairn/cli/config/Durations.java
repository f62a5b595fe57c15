package dev.cairn.cli.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations as people write them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 2d}, or ISO {@code PT1H}. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String s = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return positive(Duration.parse(s.toUpperCase(java.util.Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (e.g. 90s, 5m, 1h30m, PT1H)");
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
            end = m.end();
        }
        if (s.isEmpty() || end != s.length()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (e.g. 90s, 5m, 1h30m, PT1H)");
        }
        return positive(total, value);
    }

    private static Duration positive(Duration d, String value) {
        if (d.isNegative() || d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
        }
        return d;
    }

    /** {@code 1h 5m}, {@code 42s}, {@code 1.2s}: for messages. */
    public static String format(Duration d) {
        if (d.toMillis() < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return s / 60 > 0 ? (s / 60) + "m" + (s % 60 > 0 ? " " + s % 60 + "s" : "") : s + "s";
        }
        return s / 3600 + "h" + (s % 3600 / 60 > 0 ? " " + s % 3600 / 60 + "m" : "");
    }
}
