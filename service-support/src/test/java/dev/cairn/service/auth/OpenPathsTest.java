package dev.cairn.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPathsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/q/health",
                "/q/health/ready",
                "/q/metrics",
                "/q/openapi",
                "/ui",
                "/ui/",
                "/ui/index.html",
                "/ui/app.js",
                "/ui/dashboard.css"
            })
    void openWithoutAToken(String rawPath) {
        assertThat(OpenPaths.isOpen(rawPath)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/plan",
                "/ui/../api/v1/plan",
                "/ui/%2e%2e/api/v1/plan",
                "/ui/..%2fapi/v1/plan",
                "/ui//api/v1/plan",
                "/ui/app.js;x",
                "/ui/app.js/../../api/v1/dlq",
                "/ui/sub/app.js",
                "/ui/app.js?x",
                "/UI/",
                "/ui/.hidden.js",
                "//ui/",
                "/api/v1/stream",
                "/q/dev"
            })
    void everythingElseNeedsOne(String rawPath) {
        assertThat(OpenPaths.isOpen(rawPath)).isFalse();
    }
}
