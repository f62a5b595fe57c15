package dev.cairn.planner.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Json;
import dev.cairn.planner.config.PlannerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan body reader: the byte scanner's answers must be Jackson's, and every body it does not take must get
 * Jackson's answer or error. Differential: small bodies, every prefix of them, and every one-byte change, deletion and
 * insertion, read by {@link PlanRequestReader#read} and by the Jackson-only path; outcomes must be equal.
 */
class PlanRequestReaderTest {

    private static final byte[] SPECIAL =
            " \t\n\r\"\\,:[]{}n0-x/\u007f\u0000\u00c3".getBytes(StandardCharsets.ISO_8859_1);
    private static final List<String> BODIES = List.of(
            "{\"pipeline\":\"p\",\"config_id\":\"c\",\"skip_if_complete\":\"both\",\"projects\":[\"a\",\"b-1\"]}",
            " {\"projects\" : [ \"x.y\" , \"z_\" ] ,\n\"pipeline\":\t\"p\", \"config_id\": null} ",
            "{\"skip_if_complete\":null,\"projects\":[],\"pipeline\":\"q\"}",
            "{\"pipeline\":\"p\",\"projects\":[\"\",\"a b\",\"~\"]}");

    private final PlanRequestReader reader =
            new PlanRequestReader(Json.configure(new ObjectMapper()).getFactory(), limits(4096, 3));

    @Test
    void everyPrefixChangeDeletionAndInsertionReadsAsJacksonReadsIt() {
        int scanned = 0;
        int total = 0;
        for (String text : BODIES) {
            byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
            List<byte[]> variants = new ArrayList<>();
            for (int i = 0; i <= body.length; i++) {
                variants.add(Arrays.copyOf(body, i));
                for (byte c : SPECIAL) {
                    byte[] inserted = new byte[body.length + 1];
                    System.arraycopy(body, 0, inserted, 0, i);
                    inserted[i] = c;
                    System.arraycopy(body, i, inserted, i + 1, body.length - i);
                    variants.add(inserted);
                    if (i < body.length) {
                        byte[] changed = body.clone();
                        changed[i] = c;
                        variants.add(changed);
                    }
                }
                if (i < body.length) {
                    byte[] deleted = new byte[body.length - 1];
                    System.arraycopy(body, 0, deleted, 0, i);
                    System.arraycopy(body, i + 1, deleted, i, body.length - i - 1);
                    variants.add(deleted);
                }
            }
            for (byte[] variant : variants) {
                String jackson = outcome(() -> reader.readWithJackson(new ByteArrayInputStream(variant)));
                String read = outcome(() -> reader.read(new ByteArrayInputStream(variant)));
                assertThat(read)
                        .as(new String(variant, StandardCharsets.ISO_8859_1))
                        .isEqualTo(jackson);
                total++;
                scanned += PlanBodyScanner.scan(variant, variant.length, 3) != null ? 1 : 0;
            }
        }
        // the scanner took a good share of the variants (the rest went to Jackson), so both paths were compared
        assertThat(scanned).isGreaterThan(total / 10);
    }

    @Test
    void tooManyNamesAndTooLargeBodiesAreRefusedAsBefore() {
        String four = "{\"pipeline\":\"p\",\"projects\":[\"a\",\"b\",\"c\",\"d\"]}";
        assertThat(outcome(() -> reader.read(new ByteArrayInputStream(four.getBytes(StandardCharsets.US_ASCII)))))
                .isEqualTo("TooLargeException: the request has more than 3 project names (the limit per request)");
        String large = "{\"pipeline\":\"p\",\"projects\":[\"a\"]}" + " ".repeat(5000);
        assertThat(outcome(() -> reader.read(new ByteArrayInputStream(large.getBytes(StandardCharsets.US_ASCII)))))
                .isEqualTo(
                        "TooLargeException: the request body is larger than 4096 bytes (0 MiB), the limit per request");
    }

    @Test
    void aDuplicateFieldIsJacksonsError() {
        String twice = "{\"pipeline\":\"p\",\"pipeline\":\"q\",\"projects\":[]}";
        assertThat(outcome(() -> reader.read(new ByteArrayInputStream(twice.getBytes(StandardCharsets.US_ASCII)))))
                .startsWith("JsonParseException: Duplicate field 'pipeline'");
    }

    private interface Read {
        PlanRequestReader.PlanRequest read() throws IOException;
    }

    private static String outcome(Read read) {
        try {
            PlanRequestReader.PlanRequest r = read.read();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < r.projects().size(); i++) {
                names.add(r.projects().name(i));
            }
            return "ok " + r.pipeline() + " " + r.configId() + " " + r.skipIfComplete() + " " + names;
        } catch (JsonProcessingException e) {
            return e.getClass().getSimpleName() + ": " + e.getOriginalMessage();
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Body limits of {@code maxBytes} and {@code maxNames}, without a Quarkus configuration. */
    static BodyLimits limits(int maxBytes, int maxNames) {
        PlannerConfig.Limits limits = (PlannerConfig.Limits) Proxy.newProxyInstance(
                PlannerConfig.class.getClassLoader(), new Class<?>[] {PlannerConfig.Limits.class}, (p, m, a) -> {
                    return switch (m.getName()) {
                        case "maxBodyBytes" -> maxBytes;
                        case "maxNames" -> maxNames;
                        default -> throw new UnsupportedOperationException(m.getName());
                    };
                });
        PlannerConfig config = (PlannerConfig) Proxy.newProxyInstance(
                PlannerConfig.class.getClassLoader(), new Class<?>[] {PlannerConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("limits")) {
                        return limits;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return new BodyLimits(config, Json.configure(new ObjectMapper()));
    }
}
