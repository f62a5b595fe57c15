package dev.cairn.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.cairn.devstack.CairnDevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka,postgres"))
class LedgerHealthTest {

    @Test
    void readyAgainstRealKafkaAndPostgres() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void infoNamesTheService() {
        given().get("/api/v1/info").then().statusCode(200)
                .body("service", equalTo("ledger-service"));
    }
}
