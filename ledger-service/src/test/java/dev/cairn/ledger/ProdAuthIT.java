package dev.cairn.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.devstack.AppProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged ledger in the {@code prod} profile, as a process (service-support's start-up rules, shown on a real
 * service): without any API token, or with a placeholder or short one, it refuses to start, naming the settings and
 * never the token; with {@code CAIRN_AUTH_DISABLED=true} it starts and serves {@code /api} without a token; with
 * scoped tokens it logs their names and scopes (not their values) and a token without the scope gets 403.
 */
class ProdAuthIT {

    static final String ADMIN = "prod-auth-admin-0123456789";
    static final String EMIT = "prod-auth-emit-0123456789";
    static PackagedLedgers ledgers;
    static final Map<String, String> NO_TOKEN = Map.of("CAIRN_AUTH_TOKENS", "", "CAIRN_AUTH_DISABLED", "false");

    @BeforeAll
    static void start() {
        ledgers = new PackagedLedgers("cairn_auth_it_");
    }

    @AfterAll
    static void stop() {
        ledgers.close();
    }

    @Test
    void prodRefusesToStartWithoutATokenUnlessAuthIsDisabledOnPurpose() throws Exception {
        AppProcess refused = ledgers.start("ledger-no-token", NO_TOKEN, "256m");
        await().atMost(Duration.ofSeconds(90)).until(() -> !refused.isAlive());
        assertThat(Files.readString(refused.log()))
                .contains("No API token configured")
                .contains("CAIRN_AUTH_TOKENS")
                .contains("CAIRN_AUTH_DISABLED");

        Map<String, String> disabled = new HashMap<>(NO_TOKEN);
        disabled.put("CAIRN_AUTH_DISABLED", "true");
        AppProcess open =
                ledgers.start("ledger-auth-disabled", disabled, "256m").awaitReady(Duration.ofSeconds(90));
        HttpResponse<String> info = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(open.baseUrl() + "/api/v1/info"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"service\":\"ledger-service\"");
        assertThat(Files.readString(open.log())).contains("auth DISABLED");
    }

    @Test
    void aPlaceholderOrShortTokenStopsStartUpWithoutBeingLogged() throws Exception {
        AppProcess refused = ledgers.start(
                "ledger-placeholder-token",
                Map.of("CAIRN_AUTH_TOKENS", "argo:emit:change-me-argo-token, ops:admin:" + ADMIN),
                "256m");
        await().atMost(Duration.ofSeconds(90)).until(() -> !refused.isAlive());
        assertThat(Files.readString(refused.log()))
                .contains("entry 1: token 'argo' is a placeholder")
                .doesNotContain("change-me-argo-token")
                .doesNotContain(ADMIN);
    }

    @Test
    void scopedTokensAreLoggedByNameAndAnEmitTokenCannotDeclareAPipeline() throws Exception {
        AppProcess app = ledgers.start(
                        "ledger-scoped-tokens",
                        Map.of("CAIRN_AUTH_TOKENS", "ops:admin:" + ADMIN + ",argo:emit:" + EMIT),
                        "256m")
                .awaitReady(Duration.ofSeconds(90));
        HttpResponse<String> declare = declare(app, EMIT);
        assertThat(declare.statusCode()).isEqualTo(403);
        assertThat(declare.body()).contains("needs scope 'admin'; token 'argo' has 'emit'");
        HttpResponse<String> asAdmin = declare(app, ADMIN);
        assertThat(asAdmin.statusCode()).isBetween(200, 201);
        String log = Files.readString(app.log());
        assertThat(log)
                .contains("auth on: 2 token(s) [ops:admin, argo:emit]")
                .contains("PUT /api/v1/pipelines/prod-auth-it by token 'ops' (admin)")
                .doesNotContain(ADMIN)
                .doesNotContain(EMIT);
    }

    static HttpResponse<String> declare(AppProcess app, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/pipelines/prod-auth-it"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"stages\":[\"a\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
