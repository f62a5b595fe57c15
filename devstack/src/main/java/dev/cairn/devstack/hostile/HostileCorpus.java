package dev.cairn.devstack.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The hostile-input corpus ({@code hostile/<service>.jsonl} on the class path, one attack a line) and how to run an
 * entry against a real server. A line:
 *
 * <pre>
 * {"name": "...", "service": "ledger", "way_in": "http",
 *  "request": {"method": "POST", "path": "/api/v1/events", "headers": ["Authorization: Bearer {EMIT}"],
 *              "body": "..." | "body_base64": "..." | "body_repeat": {"head", "unit", "times", "tail"}},
 *  "expect": {"status": 422, "error": "invalid_event"}}
 * </pre>
 *
 * The path and headers are sent byte for byte ({@link RawHttp}); {@code {ADMIN}}, {@code {EMIT}}, {@code {READ}}
 * stand for the tokens of {@link #AUTH_TOKENS}, {@code {ADMIN_FLIPPED}} for the admin token with one byte changed.
 *
 * <p>An entry coming in over Kafka has {@code "way_in": "kafka"}, a {@code request} naming the {@code topic} and
 * {@code key} with the value as {@code body}, {@code body_base64} or {@code body_repeat}, and expects a DLQ reason:
 * {@code "expect": {"dlq": "invalid_event"}} ({@link Entry#error()} of the entry, with {@link Entry#status()} 0), checked
 * by {@link Entry#assertDeadLetteredAndNothingApplied}.
 */
public final class HostileCorpus {

    public static final String ADMIN = "hostile-admin-4f1c2a9e7b";
    public static final String EMIT = "hostile-emit-8d3e5f0a1c";
    public static final String READ = "hostile-read-2b7a9c4e6d";
    /** The {@code cairn.auth.tokens} a service under the corpus runs with. */
    public static final String AUTH_TOKENS =
            "hostile-admin:admin:" + ADMIN + ",hostile-emitter:emit:" + EMIT + ",hostile-reader:read:" + READ;

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileCorpus() {}

    /** The test-profile overrides that make a service accept the corpus' tokens (also over a {@code %test.} value). */
    public static Map<String, String> configOverrides() {
        return Map.of("cairn.auth.tokens", AUTH_TOKENS, "%test.cairn.auth.tokens", AUTH_TOKENS);
    }

    /** The one row of {@code sql} (counts, aggregates), column by column as text: a service's stored state. */
    public static List<String> row(DataSource db, String sql) {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                row.add(r.getString(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One attack and the answer it must get. */
    public record Entry(String name, String service, String wayIn, JsonNode request, int status, String error) {

        @Override
        public String toString() {
            return name;
        }

        /** Whether the entry comes in over Kafka (a record to {@link #topic()}) rather than HTTP. */
        public boolean kafka() {
            return "kafka".equals(wayIn);
        }

        /** The topic of a Kafka entry. */
        public String topic() {
            return request.path("topic").asText();
        }

        /** The key of a Kafka entry. */
        public String key() {
            return request.path("key").asText();
        }

        /** The value of a Kafka entry, or the body of an HTTP one. */
        public byte[] value() {
            return body();
        }

        /** Sends the request to 127.0.0.1:{@code port}. */
        public RawHttp.Answer send(int port) {
            String target = request.path("path").asText();
            StringBuilder head = new StringBuilder(request.path("method").asText("GET") + " " + target + " HTTP/1.1");
            for (JsonNode header : request.path("headers")) {
                head.append("\r\n").append(tokens(header.asText()));
            }
            return RawHttp.send(port, head.toString(), body());
        }

        byte[] body() {
            if (request.has("body_base64")) {
                return Base64.getDecoder().decode(request.get("body_base64").asText());
            }
            if (request.has("body_repeat")) {
                JsonNode r = request.get("body_repeat");
                String text = r.path("head").asText()
                        + r.path("unit").asText().repeat(r.path("times").asInt())
                        + r.path("tail").asText();
                return text.getBytes(StandardCharsets.UTF_8);
            }
            return request.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        }

        /**
         * Sends the entry to 127.0.0.1:{@code port} and fails unless the answer is the expected refusal and
         * {@code state} (what the service stored or holds) reads the same before and after.
         */
        public void assertRefusedAndNothingApplied(int port, Supplier<?> state) {
            Object before = state.get();
            RawHttp.Answer answer = send(port);
            String why = mismatch(answer);
            if (why != null) {
                throw new AssertionError(name + ": " + why);
            }
            Object after = state.get();
            if (!Objects.equals(before, after)) {
                throw new AssertionError(name + ": applied something: state " + before + " became " + after);
            }
        }

        /**
         * Sends a Kafka entry with its key made unique ({@code key#uuid}, so the copy is told apart from every
         * earlier one) and fails unless, within {@code timeout}, exactly one copy reaches {@code dlqTopic} with the
         * expected {@code cairn-error-code}, and {@code state} reads the same before and after. Returns that copy.
         */
        public ConsumerRecord<String, byte[]> assertDeadLetteredAndNothingApplied(
                KafkaTestClient client, String dlqTopic, Duration timeout, Supplier<?> state) {
            if (!kafka()) {
                throw new IllegalStateException(name + " is no Kafka entry");
            }
            Object before = state.get();
            String unique = key() + "#" + UUID.randomUUID();
            client.send(topic(), unique, value());
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ConsumerRecord<String, byte[]>> dead = client.readAll(dlqTopic, r -> unique.equals(r.key()));
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                pause();
                dead = client.readAll(dlqTopic, r -> unique.equals(r.key()));
            }
            if (dead.size() != 1) {
                throw new AssertionError(
                        name + ": expected one copy in " + dlqTopic + " within " + timeout + ", found " + dead.size());
            }
            String code = header(dead.get(0), Topics.HEADER_ERROR_CODE);
            if (!Objects.equals(error, code)) {
                throw new AssertionError(name + ": expected DLQ reason " + error + ", got " + code + " ("
                        + header(dead.get(0), Topics.HEADER_ERROR_DETAIL) + ")");
            }
            Object after = state.get();
            if (!Objects.equals(before, after)) {
                throw new AssertionError(name + ": applied something: state " + before + " became " + after);
            }
            return dead.get(0);
        }

        /** Why {@code answer} is not the expected refusal, or null when it is. */
        public String mismatch(RawHttp.Answer answer) {
            String type = answer.headers().getOrDefault("content-type", "");
            if (answer.status() != status) {
                return "expected " + status + " " + error + ", got " + answer.status() + " " + answer.body();
            }
            if (status >= 400 && !type.startsWith("application/problem+json")) {
                return "expected an application/problem+json body, got '" + type + "': " + answer.body();
            }
            if (error != null && !answer.body().contains("\"error\":\"" + error + "\"")) {
                return "expected error " + error + ", got " + answer.body();
            }
            return null;
        }
    }

    /** Every entry of {@code hostile/<service>.jsonl}, in file order. */
    public static List<Entry> load(String service) {
        String resource = "hostile/" + service + ".jsonl";
        try (InputStream in = HostileCorpus.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            List<Entry> entries = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    JsonNode e = JSON.readTree(line);
                    entries.add(new Entry(
                            e.get("name").asText(),
                            e.get("service").asText(),
                            e.get("way_in").asText(),
                            e.get("request"),
                            e.get("expect").path("status").asInt(0),
                            e.get("expect").has("dlq")
                                    ? e.get("expect").get("dlq").asText()
                                    : e.get("expect").path("error").asText(null)));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code record}'s last header {@code name}, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the DLQ", e);
        }
    }

    static String tokens(String header) {
        String flipped = ADMIN.substring(0, 7) + (char) (ADMIN.charAt(7) ^ 1) + ADMIN.substring(8);
        return header.replace("{ADMIN_FLIPPED}", flipped)
                .replace("{ADMIN}", ADMIN)
                .replace("{EMIT}", EMIT)
                .replace("{READ}", READ);
    }
}
