package dev.cairn.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The limits a stage event must keep besides its schema, the same wherever an event is read (ledger over Kafka and
 * HTTP, bootstrap, the cli): {@code occurred_at} and {@code started_at} between {@code earliest} (2000-01-01) and
 * now + {@code maxAhead} (1 day), {@code started_at ≤ occurred_at}, and {@code metrics} nested at most
 * {@code maxMetricsDepth} (32) levels (the outbox adds one more; PostgreSQL and Jackson have limits of their own that
 * must never be what refuses an event). Out of range values would otherwise pass validation and fail in the database.
 */
public record EventLimits(Instant earliest, Duration maxAhead, int maxMetricsDepth, Clock clock) {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration MAX_AHEAD = Duration.ofDays(1);
    public static final int MAX_METRICS_DEPTH = 32;
    /** Environment variable: the earliest accepted time (ISO-8601 instant), default {@link #EARLIEST}. */
    public static final String EARLIEST_VARIABLE = "CAIRN_EVENTS_EARLIEST";
    /** Environment variable: how far ahead of now a time may be (ISO-8601 duration, e.g. PT6H), default 1 day. */
    public static final String MAX_AHEAD_VARIABLE = "CAIRN_EVENTS_MAX_AHEAD";
    /**
     * The limits every service and the cli apply: the defaults above, or the window set by {@link #EARLIEST_VARIABLE}
     * and {@link #MAX_AHEAD_VARIABLE} (set them on every service alike; a bad value stops the process at start).
     */
    public static final EventLimits DEFAULT = fromEnvironment(System.getenv());

    /** The limits of {@code environment} ({@link #EARLIEST_VARIABLE}, {@link #MAX_AHEAD_VARIABLE}), else the defaults. */
    public static EventLimits fromEnvironment(Map<String, String> environment) {
        Instant earliest = setting(
                environment,
                EARLIEST_VARIABLE,
                Instant::parse,
                EARLIEST,
                "an ISO-8601 instant such as 2000-01-01T00:00:00Z");
        Duration maxAhead = setting(
                environment, MAX_AHEAD_VARIABLE, Duration::parse, MAX_AHEAD, "an ISO-8601 duration such as PT24H");
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException(MAX_AHEAD_VARIABLE + " must not be negative, got " + maxAhead);
        }
        return new EventLimits(earliest, maxAhead, MAX_METRICS_DEPTH, Clock.systemUTC());
    }

    /** {@code variable}'s value read by {@code parse}, or {@code fallback} when unset or blank. */
    private static <T> T setting(
            Map<String, String> environment, String variable, Function<String, T> parse, T fallback, String expected) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(value.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(variable + " must be " + expected + ", got " + value, e);
        }
    }

    /** The problems of {@code event}'s timestamps and metrics; fields that are missing or unreadable are skipped. */
    public List<Problem> problems(JsonNode event) {
        List<Problem> problems = new ArrayList<>(0);
        Instant occurred = instant(event, "occurred_at", problems);
        Instant started = instant(event, "started_at", problems);
        if (occurred != null && started != null && started.isAfter(occurred)) {
            problems.add(new Problem("started_at", "is after occurred_at"));
        }
        JsonNode metrics = event.get("metrics");
        if (metrics != null && depth(metrics, 0) > maxMetricsDepth) {
            problems.add(new Problem("metrics", "is nested deeper than " + maxMetricsDepth + " levels"));
        }
        return problems;
    }

    /**
     * The problems of times already read (a CompletionRecorded's {@code change}): the same window and order as
     * {@link #problems(JsonNode)}; a null time is skipped.
     */
    public List<Problem> problems(Instant occurred, Instant started) {
        List<Problem> problems = new ArrayList<>(0);
        boolean inRange = inRange("occurred_at", occurred, String.valueOf(occurred), problems)
                & inRange("started_at", started, String.valueOf(started), problems);
        if (inRange && occurred != null && started != null && started.isAfter(occurred)) {
            problems.add(new Problem("started_at", "is after occurred_at"));
        }
        return problems;
    }

    private Instant instant(JsonNode event, String field, List<Problem> problems) {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        Instant at;
        try {
            at = Timestamps.parse(value.textValue());
        } catch (DateTimeException e) {
            return null;
        }
        return inRange(field, at, value.textValue(), problems) ? at : null;
    }

    /** Whether {@code at} (null counts as in range) lies in the window; adds the problem when not. */
    private boolean inRange(String field, Instant at, String text, List<Problem> problems) {
        if (at == null) {
            return true;
        }
        Instant latest = clock.instant().plus(maxAhead);
        if (at.isBefore(earliest) || at.isAfter(latest)) {
            problems.add(new Problem(
                    field, "must be between " + earliest + " and now + " + maxAhead.toHours() + " h, got " + text));
            return false;
        }
        return true;
    }

    /** Container levels of {@code node} (a scalar is 0, {@code {}} 1); stops counting past the limit. */
    private int depth(JsonNode node, int above) {
        if (!node.isContainerNode()) {
            return 0;
        }
        if (above > maxMetricsDepth) {
            return 1;
        }
        int deepest = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext() && deepest <= maxMetricsDepth; ) {
            deepest = Math.max(deepest, depth(it.next(), above + 1));
        }
        return 1 + deepest;
    }
}
