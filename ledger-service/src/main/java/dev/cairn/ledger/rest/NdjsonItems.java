package dev.cairn.ledger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Problem;
import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.service.error.TooLargeException;
import dev.cairn.service.error.UnprocessableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the NDJSON body of {@code POST /api/v1/runs/{id}/items}: one {@code {item, status, output?, error?, at?}} per
 * line, blank lines ignored, at most {@link #MAX_LINES}. Any bad line refuses the whole body (nothing is applied),
 * with every problem by line number.
 */
final class NdjsonItems {

    static final int MAX_LINES = 10_000;

    private NdjsonItems() {}

    static List<ItemLine> parse(byte[] body) {
        List<ItemLine> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start < body.length) {
            int end = indexOf(body, (byte) '\n', start);
            number++;
            int to = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!blank(body, start, to)) {
                if (lines.size() + problems.size() >= MAX_LINES) {
                    throw new TooLargeException("at most " + MAX_LINES + " item lines per request: split the body");
                }
                parseLine(body, start, to, number, lines, problems);
            }
            start = end + 1;
        }
        if (!problems.isEmpty()) {
            throw new UnprocessableException(
                    "invalid_items",
                    problems.size() + " bad line(s), first " + problems.get(0).field() + ": "
                            + problems.get(0).message() + " (nothing was applied)",
                    problems);
        }
        if (lines.isEmpty()) {
            throw new UnprocessableException("invalid_items", "the body has no item line", List.of());
        }
        return lines;
    }

    private static void parseLine(
            byte[] body, int from, int to, int number, List<ItemLine> lines, List<Problem> problems) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(body, from, to - from);
        } catch (IOException e) {
            problems.add(new Problem("line " + number, "not valid JSON: " + firstLine(e.getMessage())));
            return;
        }
        ItemLine.Checked checked = ItemLine.check(node);
        if (checked.valid()) {
            lines.add(checked.line());
        } else {
            problems.add(new Problem("line " + number, checked.problem()));
        }
    }

    /** Candidate names of {@code remaining}: one per line (UTF-8), blank lines ignored. */
    static List<String> names(byte[] body, int max) {
        List<String> names = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start < body.length) {
            number++;
            int end = indexOf(body, (byte) '\n', start);
            int to = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (to > start) {
                if (names.size() >= max) {
                    throw new TooLargeException("at most " + max + " candidate names per request");
                }
                String name = new String(body, start, to - start, StandardCharsets.UTF_8);
                String problem = ItemLine.nameProblem(name);
                if (problem != null) {
                    problems.add(new Problem("line " + number, "the name " + problem));
                }
                names.add(name);
            }
            start = end + 1;
        }
        if (!problems.isEmpty()) {
            throw new UnprocessableException(
                    "invalid_names",
                    problems.size() + " bad name(s), first " + problems.get(0).field() + ": "
                            + problems.get(0).message(),
                    problems);
        }
        return names;
    }

    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return body.length;
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }
}
