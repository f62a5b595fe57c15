package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} (the topics for people who do not read Java) stays in step with the contracts: it
 * parses, names the topics of {@link Topics}, every file it references exists, and every example it gives is valid
 * against the JSON Schema its message references.
 */
class AsyncApiDocumentTest {

    /** Surefire runs in the module directory; the document lives at the repository's top. */
    static final Path DOCUMENT =
            Path.of("..", "docs", "asyncapi.yaml").toAbsolutePath().normalize();

    static final Set<String> TOPICS = Set.of(
            Topics.STAGE_EVENTS,
            Topics.STAGE_EVENTS_DLQ,
            Topics.COMPLETIONS,
            Topics.MARKERS,
            Topics.MARKERS_DLQ,
            Topics.ITEM_EVENTS,
            Topics.ITEM_EVENTS_DLQ,
            Topics.OPENLINEAGE);

    static JsonNode document;

    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @BeforeAll
    static void parse() throws IOException {
        assertThat(DOCUMENT).isRegularFile();
        document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
    }

    @Test
    void isAsyncApi3DescribingTheSevenTopics() {
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        Set<String> addresses = new TreeSet<>();
        document.path("channels").forEach(channel -> {
            String address = channel.path("address").asText();
            addresses.add(address);
            assertThat(channel.path("bindings").path("kafka").path("topic").asText())
                    .as("kafka binding of %s", address)
                    .isEqualTo(address);
            assertThat(channel.path("messages").size())
                    .as("messages of %s", address)
                    .isPositive();
        });
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(TOPICS);
    }

    @Test
    void completionsAreCompactedAndKeepEveryChangeForSevenDays() {
        JsonNode completions = channel(Topics.COMPLETIONS);
        assertThat(completions
                        .at("/bindings/kafka/topicConfiguration/cleanup.policy")
                        .toString())
                .isEqualTo("[\"compact\"]");
        assertThat(completions
                        .at("/x-topic-configuration/min.compaction.lag.ms")
                        .asLong())
                .isEqualTo(Duration.ofDays(7).toMillis());
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        List<String> broken = new ArrayList<>();
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                if (document.at(ref.substring(1).replace("~1", "/")).isMissingNode()) {
                    broken.add(ref);
                }
            } else {
                Path file = referencedFile(ref);
                if (!Files.isRegularFile(file) || !parsesAsJson(file)) {
                    broken.add(ref + " (" + file + ")");
                }
            }
        }
        assertThat(broken).as("references that do not resolve").isEmpty();
    }

    @Test
    void everyMessageHasExamplesValidAgainstItsSchemas() {
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        document.path("components").path("messages").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> message = it.next();
            String name = message.getKey();
            JsonNode examples = message.getValue().path("examples");
            assertThat(examples.size()).as("examples of %s", name).isPositive();
            JsonSchema payload = schema(message.getValue().path("payload").path("schema"));
            JsonNode headerNode = message.getValue().path("headers");
            JsonSchema headers = headerNode.isMissingNode() ? null : schema(headerNode);
            for (JsonNode example : examples) {
                String where = name + " example " + example.path("name").asText();
                assertThat(example.has("payload")).as(where + " has a payload").isTrue();
                report(invalid, where + " payload", payload.validate(example.get("payload")));
                if (headers != null) {
                    assertThat(example.has("headers"))
                            .as(where + " has headers")
                            .isTrue();
                    report(invalid, where + " headers", headers.validate(example.get("headers")));
                }
                checked++;
            }
        }
        assertThat(invalid).as("examples the referenced schemas refuse").isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(TOPICS.size());
    }

    @Test
    void contractPayloadsAreReferencedNotCopied() {
        Map<String, String> expected = Map.of(
                "StageEvent", "stage-event.v1.json",
                "CompletionRecorded", "completion-recorded.v1.json",
                "MarkerWritten", "marker-written.v1.json",
                "StageEventDeadLetter", "dlq-headers.v1.json",
                "MarkerDeadLetter", "dlq-headers.v1.json",
                "ItemEvent", "item-event.v1.json",
                "ItemEventDeadLetter", "dlq-headers.v1.json");
        JsonNode messages = document.path("components").path("messages");
        expected.forEach((message, file) -> {
            JsonNode m = messages.path(message);
            String ref = m.path("payload").path("schema").path("$ref").asText(null);
            if (ref == null) {
                ref = m.path("headers").path("$ref").asText();
            }
            assertThat(referencedFile(ref))
                    .as(message)
                    .isEqualTo(Path.of("..", "contracts", "src", "main", "resources", "schemas", file)
                            .toAbsolutePath()
                            .normalize());
        });
    }

    @Test
    void deadLetterHeadersAreTheOnesTheServicesWrite() throws IOException {
        JsonNode schema = Json.mapper()
                .readTree(referencedFile("../contracts/src/main/resources/schemas/dlq-headers.v1.json")
                        .toFile());
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required)
                .containsExactlyInAnyOrder(
                        Topics.HEADER_ERROR_CODE,
                        Topics.HEADER_ERROR_DETAIL,
                        Topics.HEADER_SOURCE_TOPIC,
                        Topics.HEADER_SOURCE_PARTITION,
                        Topics.HEADER_SOURCE_OFFSET);
        for (RejectReason reason : RejectReason.values()) {
            assertThat(reason.code())
                    .matches(schema.at("/properties/cairn-error-code/pattern").asText());
        }
    }

    private JsonSchema schema(JsonNode node) {
        assertThat(node.isMissingNode()).as("a schema").isFalse();
        if (node.has("$ref") && !node.get("$ref").asText().startsWith("#")) {
            return schemas.getSchema(
                    SchemaLocation.of(
                            referencedFile(node.get("$ref").asText()).toUri().toString()),
                    config);
        }
        return schemas.getSchema(SchemaLocation.of(DOCUMENT.toUri().toString()), node, config);
    }

    private static JsonNode channel(String address) {
        for (JsonNode channel : document.path("channels")) {
            if (address.equals(channel.path("address").asText())) {
                return channel;
            }
        }
        throw new AssertionError("no channel with address " + address);
    }

    private static Path referencedFile(String ref) {
        int hash = ref.indexOf('#');
        String path = hash >= 0 ? ref.substring(0, hash) : ref;
        return DOCUMENT.getParent().resolve(path).normalize();
    }

    private static boolean parsesAsJson(Path file) {
        try {
            return Json.mapper().readTree(file.toFile()).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ("$ref".equals(e.getKey()) && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static void report(Map<String, List<String>> invalid, String where, Set<ValidationMessage> messages) {
        if (!messages.isEmpty()) {
            invalid.put(
                    where, messages.stream().map(ValidationMessage::getMessage).toList());
        }
    }
}
