package dev.cairn.bootstrap.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.devstack.CairnDevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Bad scan requests are refused before anything is stored, each problem named by its field; operations endpoints answer. */
@QuarkusTest
@QuarkusTestResource(LedgerProcessResource.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,postgres,s3"),
            @ResourceArg(name = "buckets", value = "bootstrap-internal,bootstrap-public")
        })
class ScanRequestApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void declare() {
        LedgerProcessResource.declare("photogrammetry", "metashape", "postprocess");
    }

    @Test
    void readinessChecksKafkaPostgresAndS3ForReal() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        hasItems(
                                "Database connections health check",
                                "S3",
                                "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void infoNamesTheService() {
        given().get("/api/v1/info").then().statusCode(200).body("service", equalTo("bootstrap-service"));
    }

    @Test
    void unknownBucketIs422NamingTheBucket() {
        given().contentType(ContentType.JSON)
                .body("""
                {"pipeline": "photogrammetry", "stages": ["metashape", "postprocess"],
                 "sources": {"metashape": {"bucket": "bootstrap-internal", "prefix": "run"},
                             "postprocess": {"bucket": "no-such-bucket", "prefix": "pp"}}}""")
                .post("/api/v1/scans")
                .then()
                .statusCode(422)
                .body("error", equalTo("unknown_bucket"))
                .body("problems.field", hasItem("sources.postprocess.bucket"))
                .body("message", containsString("no-such-bucket"));
    }

    @Test
    void invalidRegexMissingSourceUnknownStageAndBadNamesAre400() {
        given().contentType(ContentType.JSON)
                .body("""
                {"pipeline": "photo/grammetry", "config_id": "high res", "stages": ["metashape", "custom", "postprocess"],
                 "sources": {"metashape": {"bucket": "bootstrap-internal", "prefix": "run", "sentinels": ["_ortho\\\\.tif$", "(["]},
                             "custom": {"bucket": "bootstrap-internal", "prefix": "run", "layout": "folder", "sentinels": ["x"]},
                             "extra": {"bucket": "bootstrap-internal", "prefix": "run"}}}""")
                .post("/api/v1/scans")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_scan"))
                .body(
                        "problems.field",
                        hasItems(
                                "pipeline",
                                "config_id",
                                "sources.metashape.sentinels[1]",
                                "sources.postprocess",
                                "sources.extra"));
    }

    @Test
    void misspeltFieldIsRefusedRatherThanDefaulted() {
        given().contentType(ContentType.JSON)
                .body("""
                {"pipeline": "photogrammetry", "stages": ["metashape"],
                 "sources": {"metashape": {"bucket": "bootstrap-internal", "prefix": "run", "sentinel": ["_x$"]}}}""")
                .post("/api/v1/scans")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_scan"))
                .body("problems.field", hasItem("sources.metashape.sentinel"));
    }

    @Test
    void unknownScanIs404() {
        given().get("/api/v1/scans/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"));
        given().get("/api/v1/scans/not-a-uuid").then().statusCode(404);
        given().delete("/api/v1/scans/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404);
    }

    @Test
    void listRefusesAnUnknownState() {
        given().get("/api/v1/scans?state=running").then().statusCode(400).body("message", containsString("state"));
        given().get("/api/v1/scans?limit=5").then().statusCode(200);
    }
}
