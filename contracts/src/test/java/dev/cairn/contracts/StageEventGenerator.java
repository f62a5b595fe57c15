package dev.cairn.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded generator of stage events for the fast-path equivalence test: valid events over the whole range of the rules
 * (name and event_id lengths and alphabets, timestamp shapes, optional fields), and mutations of them aimed at each
 * rule's edges. The same seed always gives the same events, so a failure is reproducible.
 */
final class StageEventGenerator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String NAME_CHARS = ALNUM + "._-";
    private static final String EVENT_ID_CHARS = ALNUM + "._:-";
    /** Characters next to the allowed ones, or that look alike: what a lenient check would let through. */
    private static final String HOSTILE_CHARS = "/ *?[]\\\n\r\t\u0000\u0001é٣＿:@+,#%'\"\u00a0.";

    private static final List<String> NAME_FIELDS = List.of("pipeline", "project", "stage", "config_id", "run_id");
    private static final List<String> TIME_FIELDS = List.of("occurred_at", "started_at");
    private static final List<String> REQUIRED =
            List.of("event_id", "type", "pipeline", "project", "stage", "occurred_at");

    private final Random random;

    StageEventGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A valid event, sometimes with every optional field, sometimes with none. */
    ObjectNode valid() {
        ObjectNode e = NODES.objectNode();
        if (random.nextBoolean()) {
            e.put("schema", StageEvent.SCHEMA);
        }
        e.put("event_id", random(EVENT_ID_CHARS, 1 + skewedLength(EventIds.MAX_LENGTH - 1)));
        e.put("type", EventTypes.STAGE_EVENT_TYPES.get(random.nextInt(3)));
        for (String field : NAME_FIELDS) {
            boolean required = field.equals("pipeline") || field.equals("project") || field.equals("stage");
            if (required || random.nextBoolean()) {
                e.put(field, validName());
            }
        }
        String occurred = canonicalTimestamp();
        if (random.nextBoolean()) {
            String started = canonicalTimestamp();
            boolean inOrder = !Timestamps.parse(started).isAfter(Timestamps.parse(occurred));
            e.put("started_at", inOrder ? started : occurred);
            occurred = inOrder ? occurred : started;
        }
        e.put("occurred_at", occurred);
        if (random.nextBoolean()) {
            ObjectNode metrics = e.putObject("metrics");
            metrics.put("rows_processed", random.nextInt(1_000_000));
            metrics.putObject("s3_metrics").put("files", random.nextInt(100)).put("note", validName());
        }
        if (random.nextBoolean()) {
            e.putObject("attributes").put("producer", validName()).put("host", "node " + random.nextInt(9));
        }
        if (random.nextInt(4) == 0) {
            e.put("error", "exit code " + random.nextInt(255));
        }
        if (random.nextInt(4) == 0) {
            e.put("colour", "green");
        }
        return e;
    }

    /** A valid event broken in one or two places. */
    ObjectNode mutated() {
        ObjectNode e = valid();
        int mutations = 1 + random.nextInt(2);
        for (int i = 0; i < mutations; i++) {
            mutation().accept(e);
        }
        return e;
    }

    private Consumer<ObjectNode> mutation() {
        return switch (random.nextInt(15)) {
            case 11 -> e -> e.put(pick(TIME_FIELDS), outOfRangeTimestamp());
            case 12 -> e -> e.put("started_at", "2030-01-01T00:00:00Z").put("occurred_at", "2029-12-31T23:59:59Z");
            case 13 -> e -> e.set("metrics", nested(30 + random.nextInt(6)));
            case 0 -> e -> e.put("event_id", hostileEventId());
            case 1 -> e -> e.set("event_id", wrongType());
            case 2 -> e -> e.put("type", pick("stage.finished", "Stage.completed", "stage.completed ", "", "reset"));
            case 3 -> e -> e.put(pick(NAME_FIELDS), hostileName());
            case 4 -> e -> e.set(pick(NAME_FIELDS), wrongType());
            case 5 -> e -> e.put(pick(TIME_FIELDS), hostileTimestamp());
            case 6 -> e -> e.set(pick(TIME_FIELDS), wrongType());
            case 7 -> e -> e.remove(pick(REQUIRED));
            case 8 -> e -> e.set(pick("metrics", "attributes", "error", "schema"), wrongType());
            case 9 -> e -> e.putObject("attributes").set("producer", wrongType());
            case 10 -> e -> e.put("schema", pick("cairn.stage-event/v2", "cairn.stage-event/v1 ", ""));
            default -> e -> e.putObject("metrics").putObject("group").put(pick("note", "a\u0000b"), "x\u0000y");
        };
    }

    private String validName() {
        return random(ALNUM, 1) + random(NAME_CHARS, skewedLength(Names.MAX_LENGTH - 1));
    }

    private String hostileName() {
        String name = validName();
        return switch (random.nextInt(7)) {
            case 0 -> "";
            case 1 -> random(ALNUM, 1) + random(NAME_CHARS, Names.MAX_LENGTH); // 201 characters
            case 2 -> pick(".", "_", "-") + name;
            case 3 -> name + pick("\n", "\r\n", " ", "/");
            case 4 -> pick("..", "../x", "x/..", "a/b");
            default -> insert(name, HOSTILE_CHARS);
        };
    }

    private String hostileEventId() {
        String id = random(EVENT_ID_CHARS, 1 + skewedLength(EventIds.MAX_LENGTH - 1));
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> random(EVENT_ID_CHARS, EventIds.MAX_LENGTH + 1 + random.nextInt(3));
            case 2 -> id + pick("\n", " ");
            default -> insert(id, HOSTILE_CHARS.replace(":", "").replace(".", ""));
        };
    }

    /** Metrics nested {@code levels} deep: {@code {"m":{"m":...{"rows":1}}}}. */
    static ObjectNode nested(int levels) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode at = root;
        for (int i = 1; i < levels; i++) {
            at = at.putObject("m");
        }
        at.put("rows", 1);
        return root;
    }

    /** A canonical timestamp outside {@link EventLimits#DEFAULT}: before 2000 or after now + 1 day. */
    String outOfRangeTimestamp() {
        return random.nextBoolean()
                ? canonicalTimestamp(1 + random.nextInt(1999))
                : canonicalTimestamp(2100 + random.nextInt(7900));
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, a real date and time within {@link EventLimits#DEFAULT}. */
    String canonicalTimestamp() {
        return canonicalTimestamp(2001 + random.nextInt(24));
    }

    private String canonicalTimestamp(int year) {
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(java.time.YearMonth.of(year, month).lengthOfMonth());
        StringBuilder b = new StringBuilder("%04d-%02d-%02dT%02d:%02d:%02d"
                .formatted(year, month, day, random.nextInt(24), random.nextInt(60), random.nextInt(60)));
        if (random.nextBoolean()) {
            b.append('.').append(random("0123456789", 1 + random.nextInt(9)));
        }
        int hours = random.nextInt(18);
        int minutes = random.nextInt(4) == 0 ? 0 : random.nextInt(60);
        if (random.nextBoolean() || (hours == 0 && minutes == 0)) {
            b.append('Z');
        } else {
            b.append(random.nextBoolean() ? '+' : '-').append("%02d:%02d".formatted(hours, minutes));
        }
        return b.toString();
    }

    /** A canonical timestamp changed at one character, or a value from the list of known edges. */
    private String hostileTimestamp() {
        if (random.nextInt(3) == 0) {
            return pick(
                    "2024-02-30T10:30:00Z",
                    "2023-02-29T10:30:00Z",
                    "2024-02-29T10:30:00Z",
                    "2024-01-15T24:00:00Z",
                    "2024-01-15T23:60:00Z",
                    "2016-12-31T23:59:60Z",
                    "2024-01-15T10:30Z",
                    "2024-01-15t10:30:00z",
                    "2024-01-15 10:30:00Z",
                    "2024-01-15T10:30:00",
                    "2024-01-15T10:30:00.Z",
                    "2024-01-15T10:30:00.1234567891Z",
                    "2024-01-15T10:30:00+0200",
                    "2024-01-15T10:30:00+02",
                    "2024-01-15T10:30:00+18:00",
                    "2024-01-15T10:30:00+18:01",
                    "2024-01-15T10:30:00+24:00",
                    "2024-01-15T10:30:00-00:00",
                    "+2024-01-15T10:30:00Z",
                    "0000-01-01T00:00:00Z",
                    "10000-01-01T00:00:00Z",
                    "٢٠٢٤-01-15T10:30:00Z",
                    "2024-01-15T10:30:00Z\n",
                    "");
        }
        StringBuilder b = new StringBuilder(canonicalTimestamp());
        int at = random.nextInt(b.length());
        String chars = "0123456789TtZz :-+.٣";
        switch (random.nextInt(3)) {
            case 0 -> b.setCharAt(at, chars.charAt(random.nextInt(chars.length())));
            case 1 -> b.deleteCharAt(at);
            default -> b.insert(at, chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    private JsonNode wrongType() {
        return switch (random.nextInt(5)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(42);
            case 2 -> NODES.booleanNode(true);
            case 3 -> NODES.arrayNode().add("a");
            default -> NODES.objectNode().put("a", "b");
        };
    }

    /** Mostly short, sometimes at or next to the maximum. */
    private int skewedLength(int max) {
        return switch (random.nextInt(4)) {
            case 0 -> max;
            case 1 -> max - random.nextInt(3);
            default -> random.nextInt(Math.min(max, 24) + 1);
        };
    }

    private String insert(String s, String from) {
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + from.charAt(random.nextInt(from.length())) + s.substring(at);
    }

    private String random(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
