package dev.cairn.service;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Shared by service-support's tests: a request with one of the test application's tokens. */
public final class ServiceSupportTests {

    public static final String TOKEN = "token-a";
    public static final String OTHER_TOKEN = "token-b";

    private ServiceSupportTests() {}

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }
}
