package dev.cairn.service;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Shared by service-support's tests: a request with the test application's admin token. */
public final class ServiceSupportTests {

    public static final String TOKEN = "token-admin-0123456789";
    public static final String READ_TOKEN = "token-read-0123456789";
    public static final String EMIT_TOKEN = "token-emit-0123456789";
    public static final String LEGACY_TOKEN = "token-legacy-0123456789";

    private ServiceSupportTests() {}

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }
}
