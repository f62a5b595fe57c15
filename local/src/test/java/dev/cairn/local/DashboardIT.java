package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}) against the four
 * packaged services on the devstack: events published to Kafka appear in the grid and its counts without a reload,
 * filters, a project's timeline, a failed stage, a dry-run scan reaching 100 %, and a wrong token's message. A
 * screenshot of each view is saved under {@code local/target/dashboard-screenshots/}. The services are the
 * {@link SharedCluster}'s; each test declares a pipeline of its own.
 */
@ExtendWith(SharedCluster.class)
class DashboardIT {

    static final String TOKEN = SharedCluster.TOKEN;
    static final Path SHOTS = Path.of("target/dashboard-screenshots");
    static CairnCluster cluster;
    static CairnClient http;
    static WebDriver browser;
    static KafkaTestClient kafka;
    String pipeline;

    @BeforeAll
    static void start() throws IOException {
        cluster = SharedCluster.cluster();
        http = new CairnClient(TOKEN);
        kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers());
        browser = chromium();
        Files.createDirectories(SHOTS);
    }

    /** Debian's Chromium through Debian's chromedriver, headless; no driver download. */
    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void declare() {
        pipeline = "dash-" + Long.toString(System.nanoTime(), 36);
        CairnClient.Answer declared = http.put(
                cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/pipelines/" + pipeline,
                "{\"stages\": [\"metashape\", \"postprocess\"]}");
        assertThat(declared.status()).as(declared.body()).isIn(200, 201);
    }

    @Test
    void aWrongTokenShowsAClearMessageAndTheRightOneOpensTheDashboard() {
        browser.get(cluster.url(CairnCluster.Service.PLANNER) + "/ui/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        signIn("not-the-token");
        WebElement error = wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-error")));
        wait(10).until(d -> !error.getText().isBlank());
        assertThat(error.getText()).contains("The token was refused").contains("not valid");
        assertThat(browser.findElement(By.id("message")).getText()).contains("refused");
        assertThat(browser.getCurrentUrl()).doesNotContain("not-the-token");
        shot("token");
        signIn(TOKEN);
        wait(10).until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-dialog")));
        assertThat(sessionToken()).isEqualTo(TOKEN);
    }

    @Test
    void publishedEventsChangeTheGridAndCountsLiveAndFiltersNarrowIt() {
        open("#/grid?pipeline=" + pipeline);
        emit("m1", "stage.completed", "metashape", 0);
        emit("m2", "stage.completed", "metashape", 0);
        // the page is open before any row exists: the first rows arrive through the stream
        wait(30).until(d -> cellStatus("m1", "metashape").equals("completed"));
        wait(10).until(d -> count("partial").endsWith(" 2"));
        String before = browser.getCurrentUrl();

        emit("m1", "stage.completed", "postprocess", 60);
        emit("m2", "stage.started", "postprocess", 60);
        emit("m2", "stage.failed", "postprocess", 90);
        wait(15).until(d ->
                rowStatus("m1").equals("completed") && rowStatus("m2").equals("failed"));
        wait(10).until(d -> cellStatus("m2", "postprocess").equals("failed")
                && cell("m2", "postprocess").getText().equals("✖ failed")
                && cell("m1", "postprocess").getAttribute("title").contains("completed 20"));
        wait(10).until(d -> count("completed").endsWith(" 1") && count("failed").endsWith(" 1"));
        assertThat(browser.getCurrentUrl()).as("no reload, no navigation").isEqualTo(before);
        shot("grid");

        WebElement q = browser.findElement(By.id("grid-q"));
        q.sendKeys("m2");
        wait(10).until(d -> visibleProjects().equals(List.of("m2")));
        q.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        wait(10).until(d -> visibleProjects().equals(List.of("m1", "m2")));
        new Select(browser.findElement(By.id("grid-status"))).selectByValue("completed");
        wait(10).until(d -> visibleProjects().equals(List.of("m1")));
        new Select(browser.findElement(By.id("grid-status"))).selectByValue("");
        wait(10).until(d -> visibleProjects().size() == 2);

        open("#/overview");
        WebElement row = wait(10).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-pipeline='" + pipeline + "']")));
        wait(10).until(d -> row.findElement(By.cssSelector("td[data-cell='failed']"))
                .getText()
                .equals("✖ 1"));
        shot("overview");
    }

    @Test
    void aProjectShowsItsTimelineNewestFirstWithTheFailedStageAsFailed() {
        emit("p1", "stage.completed", "metashape", 0);
        emit("p1", "stage.started", "postprocess", 30);
        emit("p1", "stage.failed", "postprocess", 40);
        open("#/grid?pipeline=" + pipeline);
        wait(30).until(d -> rowStatus("p1").equals("failed"));
        // rows are links: Enter on the focused row opens the project (retried if a live re-render replaced the row)
        wait(15).until(d -> {
            try {
                row("p1").sendKeys(Keys.ENTER);
            } catch (WebDriverException e) {
                // the row was re-rendered or the page already moved on
            }
            return d.getCurrentUrl().contains("#/project/" + pipeline + "/p1");
        });
        WebElement timeline = wait(15).until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        wait(15).until(d -> timeline.findElements(By.cssSelector("tbody tr")).size() == 3);
        List<String> types = timeline.findElements(By.cssSelector("tbody tr")).stream()
                .map(r -> r.getAttribute("data-type"))
                .toList();
        assertThat(types).containsExactly("stage.failed", "stage.started", "stage.completed");
        assertThat(timeline.getText())
                .contains("dash-run-p1")
                .contains("rows_processed")
                .contains("disk full");
        WebElement failed = browser.findElement(By.cssSelector("#project-stages tr[data-stage='postprocess']"));
        assertThat(failed.getAttribute("data-status")).isEqualTo("failed");
        assertThat(failed.getText()).contains("✖ failed");
        assertThat(browser.findElement(By.id("project-status")).getText()).contains("failed");
        shot("project");
    }

    @Test
    void aDryRunScanReachesOneHundredPercentAndTheDlqShowsARefusedRecord() {
        try (S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            for (String key : List.of("dash/" + pipeline + "/a1/a1_ortho.tif", "dash/" + pipeline + "/a2/x.txt")) {
                s3.putObject(b -> b.bucket(CairnCluster.PRODUCTS_BUCKET).key(key), RequestBody.fromString("x"));
            }
        }
        kafka.send(Topics.STAGE_EVENTS, pipeline + "/broken/default", "{\"event_id\": \"" + pipeline);
        String body = """
                {"pipeline": "%s", "dry_run": true, "stages": ["metashape"], "sources": {
                  "metashape": {"bucket": "%s", "prefix": "dash/%s/", "layout": "folder"}}}
                """.formatted(pipeline, CairnCluster.PRODUCTS_BUCKET, pipeline);
        CairnClient.Answer started =
                http.post(cluster.url(CairnCluster.Service.BOOTSTRAP) + "/api/v1/scans", "application/json", body);
        assertThat(started.status()).as(started.body()).isIn(201, 202);
        String id = scanId(started.body());

        open("#/operations");
        WebElement scan = wait(30).until(
                        ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-scan='" + id + "']")));
        wait(60).until(d -> d.findElement(By.cssSelector("tr[data-scan='" + id + "'] .pct"))
                .getText()
                .equals("100%"));
        scan = browser.findElement(By.cssSelector("tr[data-scan='" + id + "']"));
        assertThat(scan.findElement(By.tagName("progress")).getAttribute("value"))
                .isEqualTo("100");
        assertThat(scan.getAttribute("data-state")).isEqualTo("completed");
        assertThat(scan.getText()).contains("dry run");
        wait(30).until(d -> d.findElement(By.id("ops-body")).getText().contains(pipeline + "/broken/default"));
        assertThat(browser.findElement(By.id("dlq")).getText()).contains("invalid_json");
        for (String service : List.of("planner-service", "ledger-service", "marker-service", "bootstrap-service")) {
            assertThat(browser.findElement(By.cssSelector("tr[data-service='" + service + "']"))
                            .getText())
                    .as(service)
                    .contains("✔ ready");
        }
        assertThat(browser.findElement(By.id("outbox")).getText()).contains("changes waiting");
        shot("operations");
    }

    // --- helpers

    static String scanId(String json) {
        try {
            return Json.mapper().readTree(json).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String hash) {
        browser.get(cluster.url(CairnCluster.Service.PLANNER) + "/ui/" + hash);
        if (!TOKEN.equals(sessionToken())) {
            signIn(TOKEN);
            wait(10).until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-dialog")));
        }
    }

    void signIn(String token) {
        WebElement input = wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
        input.clear();
        input.sendKeys(token);
        input.sendKeys(Keys.ENTER);
    }

    String sessionToken() {
        return (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('cairn.token')");
    }

    void emit(String project, String type, String stage, int second) {
        Instant at = Instant.parse("2025-09-12T14:30:00Z").plusSeconds(second);
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("event_id", pipeline + "-" + project + "-" + type + "-" + stage)
                .put("type", type)
                .put("pipeline", pipeline)
                .put("project", project)
                .put("stage", stage)
                .put("run_id", "dash-run-" + project)
                .put("occurred_at", at.toString());
        e.putObject("metrics").put("rows_processed", 100 + second);
        if (type.equals("stage.failed")) {
            e.put("error", "disk full");
        }
        kafka.send(Topics.STAGE_EVENTS, Topics.key(pipeline, project, "default"), e.toString());
    }

    WebElement row(String project) {
        return browser.findElement(By.cssSelector("#grid-spacer a.grid-row[data-project='" + project + "']"));
    }

    String rowStatus(String project) {
        List<WebElement> rows =
                browser.findElements(By.cssSelector("#grid-spacer a.grid-row[data-project='" + project + "']"));
        return rows.isEmpty() ? "" : rows.get(0).getAttribute("data-status");
    }

    WebElement cell(String project, String stage) {
        return row(project).findElement(By.cssSelector("[data-stage='" + stage + "']"));
    }

    String cellStatus(String project, String stage) {
        List<WebElement> cells = browser.findElements(
                By.cssSelector("#grid-spacer a.grid-row[data-project='" + project + "'] [data-stage='" + stage + "']"));
        return cells.isEmpty() ? "" : cells.get(0).getAttribute("data-status");
    }

    String count(String status) {
        List<WebElement> li = browser.findElements(By.cssSelector("#grid-counts li[data-count='" + status + "']"));
        return li.isEmpty() ? "" : li.get(0).getText();
    }

    List<String> visibleProjects() {
        return browser.findElements(By.cssSelector("#grid-spacer a.grid-row")).stream()
                .map(r -> r.getAttribute("data-project"))
                .toList();
    }

    WebDriverWait wait(int seconds) {
        // live updates re-render rows: an element read a moment ago may be gone, which is "not yet", not a failure
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class);
    }

    static void shot(String view) {
        try {
            Path png =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, SHOTS.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
