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
 * The packaged ledger in the {@code prod} profile, as a process: without any API token it refuses to start, naming the
 * settings (service-support's start-up rule, shown here on a real service); with {@code CAIRN_AUTH_DISABLED=true} it
 * starts and serves {@code /api} without a token.
 */
class ProdAuthIT {

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
    }
}
