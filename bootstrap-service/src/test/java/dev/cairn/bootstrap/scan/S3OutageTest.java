package dev.cairn.bootstrap.scan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.bootstrap.S3Fixture;
import dev.cairn.bootstrap.ScanClient;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.TcpProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service reaches S3 through a TCP proxy that the test cuts mid-scan: a short outage is retried and the scan
 * completes exactly; a long one fails the scan with the error and no entries; a scan stuck on S3 can be cancelled.
 * (Test profile: 4 keys a page, 6 attempts per call, backoff 200 ms to 1 s.)
 */
@QuarkusTest
@QuarkusTestResource(LedgerProcessResource.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,postgres,s3"),
            @ResourceArg(name = "proxied", value = "s3")
        })
class S3OutageTest {

    static final int FOLDERS = 150;
    private static String bucket;

    @ConfigProperty(name = "quarkus.s3.endpoint-override")
    String endpoint;

    private TcpProxy proxy;

    @BeforeEach
    void fillOnce() {
        proxy = DevStack.shared().proxy(DevStack.Service.S3);
        proxy.restore();
        if (bucket != null) {
            return;
        }
        LedgerProcessResource.declare("photogrammetry", "metashape", "postprocess");
        try (S3Fixture s3 = new S3Fixture(endpoint)) {
            String b = s3.bucket("outage");
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < FOLDERS; i++) {
                keys.add("run/p%04d/p%04d_ortho.tif".formatted(i, i));
                keys.add("run/p%04d/p%04d_notes.txt".formatted(i, i));
            }
            s3.putAll(b, keys, 8);
            bucket = b;
        }
    }

    @AfterEach
    void restore() {
        proxy.restore();
    }

    private static String request() {
        return """
                {"pipeline": "photogrammetry", "dry_run": true, "stages": ["metashape"],
                 "sources": {"metashape": {"bucket": "%s", "prefix": "run/"}}}""".formatted(bucket);
    }

    private static String startAndCutMidScan(TcpProxy proxy) {
        double retriesBefore = retries();
        String id = ScanClient.start(request());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> ScanClient.scan(id).getLong("progress.objects_listed") > 0);
        proxy.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> retries() > retriesBefore);
        assertThat(ScanClient.scan(id).getString("state")).isEqualTo("listing");
        return id;
    }

    @Test
    void aShortOutageIsRetriedAndTheScanCompletesExactly() throws Exception {
        String id = startAndCutMidScan(proxy);
        proxy.restore();
        JsonPath scan = ScanClient.awaitEnd(id, Duration.ofSeconds(90));
        assertThat(scan.getString("state")).as(scan.prettify()).isEqualTo("completed");
        assertThat(scan.getLong("progress.objects_listed")).isEqualTo(2L * FOLDERS);
        assertThat(scan.getLong("progress.folders_listed")).isEqualTo(FOLDERS);
        assertThat(ScanClient.entries(id)).hasSize(FOLDERS);
    }

    @Test
    void aLongOutageFailsTheScanWithTheErrorAndNoEntries() {
        String id = startAndCutMidScan(proxy);
        JsonPath scan = ScanClient.awaitEnd(id, Duration.ofSeconds(90));
        assertThat(scan.getString("state")).isEqualTo("failed");
        assertThat(scan.getString("error"))
                .contains("ListObjectsV2 s3://" + bucket)
                .contains("after 6 attempts");
        proxy.restore();
        given().get("/api/v1/scans/" + id + "/entries").then().statusCode(409);
    }

    @Test
    void aScanWaitingForS3CanBeCancelled() {
        String id = startAndCutMidScan(proxy);
        given().delete("/api/v1/scans/" + id).then().statusCode(200);
        proxy.restore();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> ScanClient.scan(id).getString("state").equals("cancelled"));
        assertThat(ScanClient.scan(id).getLong("progress.objects_listed")).isLessThan(2L * FOLDERS);
        given().get("/api/v1/scans/" + id + "/entries").then().statusCode(409);
        given().delete("/api/v1/scans/" + id).then().statusCode(409);
    }

    private static double retries() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^cairn_bootstrap_s3_retries_total(?:\\{[^}]*})? ([0-9.eE+]+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
