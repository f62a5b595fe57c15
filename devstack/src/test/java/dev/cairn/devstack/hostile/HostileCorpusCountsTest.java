package dev.cairn.devstack.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The corpus' size and its count per service, as the service READMEs and this module's README state them, equal the
 * corpus files: adding an entry without updating the READMEs fails here.
 */
class HostileCorpusCountsTest {

    private static final List<String> SERVICES = List.of("ledger", "marker", "planner", "bootstrap");

    @Test
    void everyReadmeStatesTheCorpusSizeAndTheCountPerService() throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String service : SERVICES) {
            List<HostileCorpus.Entry> entries = HostileCorpus.load(service);
            assertThat(entries)
                    .as(service)
                    .allSatisfy(e -> assertThat(e.service()).isEqualTo(service));
            counts.put(service, entries.size());
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isGreaterThanOrEqualTo(60);
        StringBuilder perService = new StringBuilder();
        counts.forEach((service, n) -> perService
                .append(perService.isEmpty() ? "" : ", ")
                .append(service)
                .append(' ')
                .append(n));
        String sizes = "of " + total + " over the four services: " + perService;
        for (String service : SERVICES) {
            String readme = readme(service + "-service");
            assertThat(readme)
                    .as(service + "-service/README.md")
                    .contains("the " + counts.get(service) + " entries of `devstack`'s `hostile/" + service
                            + ".jsonl` (" + sizes);
        }
        assertThat(readme("devstack").replaceAll("\\s+", " "))
                .as("devstack/README.md")
                .contains("Sizes: ledger " + counts.get("ledger") + " (")
                .contains("marker " + counts.get("marker") + " (")
                .contains("planner " + counts.get("planner") + ", bootstrap " + counts.get("bootstrap") + " (" + total
                        + ")");
    }

    /** A module's README; the tests run in this module's directory, next to the others. */
    private static String readme(String module) throws IOException {
        return Files.readString(Path.of("..", module, "README.md"));
    }
}
