package dev.cairn.ledger.runs;

import static dev.cairn.ledger.runs.RunTests.get;
import static dev.cairn.ledger.runs.RunTests.items;
import static dev.cairn.ledger.runs.RunTests.line;
import static dev.cairn.ledger.runs.RunTests.remainingNames;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Item statuses: replacement rules, idempotence, hostile lines, progress, stale flag, output verification. */
@QuarkusTest
class RunItemsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    S3Client s3;

    private String newRun(String prefix, boolean force) {
        ObjectNode req = request(RunTests.pipeline(prefix), "p1", "/photos", Map.of());
        if (force) {
            req.put("force", true);
        }
        return startNew(req);
    }

    @Test
    void aLaterSuccessReplacesAnErrorAndTheSameLineTwiceChangesNothing() {
        String run = newRun("items-retry", false);
        items(run, line("a.json", "error", "File not found")).statusCode(200).body("changed", equalTo(1));
        items(run, line("a.json", "error", "File not found"))
                .statusCode(200)
                .body("changed", equalTo(0))
                .body("unchanged", equalTo(1));
        assertThat(remainingNames(run, List.of("a.json"), "")).containsExactly("a.json");
        assertThat(remainingNames(run, List.of("a.json"), "?retry_errors=false"))
                .isEmpty();
        items(run, line("a.json", "success", "out/a.jpg")).statusCode(200).body("changed", equalTo(1));
        assertThat(remainingNames(run, List.of("a.json"), "")).isEmpty();
        get(run).body("success", equalTo(1)).body("errors", equalTo(0));
    }

    @Test
    void anErrorNeverReplacesASuccessUnlessTheRunWasForced() {
        String run = newRun("items-keep", false);
        items(run, line("a.json", "success", "out/a.jpg")).statusCode(200);
        items(run, line("a.json", "error", "late failure")).statusCode(200).body("changed", equalTo(0));
        // within one batch too
        items(run, line("b.json", "success", null) + line("b.json", "error", "x"))
                .statusCode(200);
        get(run).body("success", equalTo(2)).body("errors", equalTo(0));

        String forced = newRun("items-forced", true);
        items(forced, line("a.json", "success", "out/a.jpg")).statusCode(200);
        items(forced, line("a.json", "error", "reprocessing failed"))
                .statusCode(200)
                .body("changed", equalTo(1));
        get(forced).body("success", equalTo(0)).body("errors", equalTo(1));
    }

    @Test
    void statsProgressStringAndStaleFlag() throws Exception {
        ObjectNode req = request(RunTests.pipeline("items-stats"), "p1", "/photos", Map.of());
        req.put("total_items", 5);
        String run = startNew(req);
        items(
                        run,
                        line("a", "success", null)
                                + line("b", "error", "x")
                                + line("c", "not_found", "no file")
                                + line("d", "skipped", null))
                .statusCode(200)
                .body("counts.success", equalTo(1))
                .body("counts.not_found", equalTo(1))
                .body("progress", equalTo("4/5 (1 errors)"));
        get(run).body("processed", equalTo(4))
                .body("total_items", equalTo(5))
                .body("not_found", equalTo(1))
                .body("skipped", equalTo(1))
                .body("progress", equalTo("4/5 (1 errors)"))
                .body("stale", equalTo(false));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update ledger.run set last_updated = now() - interval '61 minutes' where run_id = ?")) {
            ps.setString(1, run);
            ps.executeUpdate();
        }
        get(run).body("stale", equalTo(true));
        items(run, line("e", "success", null)).statusCode(200);
        get(run).body("stale", equalTo(false)).body("progress", equalTo("5/5 (1 errors)"));
    }

    @Test
    void hostileLinesAreRefusedByLineNumberAndNothingIsApplied() {
        String run = newRun("items-hostile", false);
        items(run, line("a", "success", null) + line("b", "done", null) + "{not json\n")
                .statusCode(422)
                .body("error", equalTo("invalid_items"))
                .body("problems[0].field", equalTo("line 2"))
                .body("problems[1].field", equalTo("line 3"));
        String tooMany = String.join(
                "",
                IntStream.range(0, 10_001)
                        .mapToObj(i -> line("i" + i, "success", null))
                        .toList());
        items(run, tooMany).statusCode(413);
        items(run, line("x".repeat(1025), "success", null))
                .statusCode(422)
                .body("problems[0].message", equalTo("item is 1025 bytes long (at most 1024)"));
        items(run, line("é".repeat(513), "success", null)).statusCode(422);
        items(run, line("a\u0000b", "success", null))
                .statusCode(422)
                .body("problems[0].message", equalTo("item contains NUL or a line break"));
        items(run, "{\"item\": \"a\", \"status\": \"success\", \"output\": \"o\\u0000\"}\n")
                .statusCode(422);
        items(run, "{\"item\": \"a\", \"status\": \"success\", \"at\": \"yesterday\"}\n")
                .statusCode(422);
        items(run, "\n\n").statusCode(422);
        RunTests.remaining(run, List.of("ok", "bad\u0000"), "")
                .then()
                .statusCode(422)
                .body("problems.field", hasItem("line 2"));
        items("no-such-run", line("a", "success", null)).statusCode(404);
        get(run).body("processed", equalTo(0));
        items(run, line("x".repeat(1024), "success", null)).statusCode(200);
    }

    @Test
    void verifyOutputsCountsDeletedOutputsAsRemaining() {
        String bucket = "outputs-" + Long.toString(System.nanoTime(), 36);
        s3.createBucket(b -> b.bucket(bucket));
        String run = newRun("items-verify", false);
        List<String> names = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String key = "out/file" + i + ".jpg";
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("jpeg " + i));
            names.add("file" + i + ".json");
            lines.append(line("file" + i + ".json", "success", "s3://" + bucket + "/" + key));
        }
        lines.append(line("local.json", "success", "/data/out/local.jpg"));
        items(run, lines.toString()).statusCode(200);
        names.add("local.json");
        List<String> deleted = new ArrayList<>();
        for (int i = 3; i < 30; i += 3) {
            String key = "out/file" + i + ".jpg";
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            deleted.add("file" + i + ".json");
        }
        s3.deleteObject(b -> b.bucket(bucket).key("out/file0.jpg"));
        deleted.add(0, "file0.json");
        assertThat(deleted).hasSize(10);
        assertThat(remainingNames(run, names, "")).isEmpty();
        assertThat(remainingNames(run, names, "?verify_outputs=true")).containsExactlyElementsOf(deleted);
    }

    /**
     * The probes run in an order of their own (close to the index's) and the answer is put back in input order: every
     * candidate, duplicates included, stays where it was, whatever the names (a shared prefix, ties in the first
     * characters after it, case, accents, characters outside the BMP, 1,024 bytes) and whatever the status.
     */
    @Test
    void remainingKeepsInputOrderAndDuplicatesWhateverTheNames() {
        String run = newRun("items-order", false);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            names.add("photos/2024/IMG_" + String.format("%07d", 1_000_000 - i * 7919 % 1_000_000) + ".json");
        }
        names.addAll(List.of(
                "photos/2024/a",
                "photos/2024/A",
                "photos/2024/é",
                "photos/2024/e\u0301",
                "photos/2024/日本",
                "photos/2024/\uD83D\uDCF7.jpg",
                "photos/2024/IMG",
                "photos/2024/IMG_",
                "photos",
                "p",
                "Z",
                "~",
                "photos/2024/" + "x".repeat(1_012),
                "photos/2024/" + "é".repeat(506)));
        String[] statuses = {"success", "error", "not_found", "skipped", null};
        Map<String, String> status = new java.util.HashMap<>();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String s = statuses[i % statuses.length];
            if (s != null) {
                status.put(names.get(i), s);
                ndjson.append(line(names.get(i), s, s.equals("success") ? "out/" + i : null))
                        .append('\n');
            }
        }
        items(run, ndjson.toString()).statusCode(200);
        Random random = new Random(15);
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            candidates.add(names.get(random.nextInt(names.size())));
        }
        List<String> retrying = candidates.stream()
                .filter(n -> !"success".equals(status.get(n)))
                .toList();
        List<String> notRetrying =
                retrying.stream().filter(n -> !"error".equals(status.get(n))).toList();
        assertThat(retrying).hasSizeLessThan(candidates.size()).hasSizeGreaterThan(notRetrying.size());
        assertThat(remainingNames(run, candidates, "")).containsExactlyElementsOf(retrying);
        assertThat(remainingNames(run, candidates, "?retry_errors=false")).containsExactlyElementsOf(notRetrying);
    }

    @Test
    void concurrentBatchesOverTheSameItemsAllSucceedWithoutDeadlock() throws Exception {
        String run = startNew(request(RunTests.pipeline("deadlock"), "p1", "/photos", Map.of()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            names.add(String.format("shared/IMG_%05d.JPG", i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random random = new Random(t);
                sent.add(pool.submit(() -> {
                    int failures = 0;
                    for (int round = 0; round < 8; round++) {
                        List<String> order = new ArrayList<>(names);
                        Collections.shuffle(order, random);
                        StringBuilder b = new StringBuilder();
                        for (String name : order) {
                            b.append(line(name, random.nextBoolean() ? "success" : "error", null));
                        }
                        if (items(run, b.toString()).extract().statusCode() != 200) {
                            failures++;
                        }
                    }
                    return failures;
                }));
            }
            int failures = 0;
            for (Future<Integer> f : sent) {
                failures += f.get();
            }
            assertThat(failures)
                    .as("batches answered other than 200 (a deadlock is a 500)")
                    .isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
