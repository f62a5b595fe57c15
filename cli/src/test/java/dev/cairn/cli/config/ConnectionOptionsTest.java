package dev.cairn.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings come from the flag, else the environment, else ~/.config/cairn/config.yaml. */
class ConnectionOptionsTest {

    @CommandLine.Command
    static class Cmd {
        @CommandLine.Mixin
        ConnectionOptions connection;
    }

    private static Connection resolve(Map<String, String> env, String... args) {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs(args);
        return cmd.connection.resolve(env);
    }

    @Test
    void flagBeatsEnvironmentBeatsTheSettingsFile(@TempDir Path home) throws Exception {
        Path file = home.resolve(".config/cairn/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                ledger_url: http://file:8081
                planner_url: http://file:8080
                token: from-file
                s3:
                  endpoint: http://file:9000
                """);
        Map<String, String> env =
                Map.of("HOME", home.toString(), "CAIRN_LEDGER_URL", "http://env:8081", "CAIRN_TOKEN", "from-env");
        Connection fromEnv = resolve(env);
        assertThat(fromEnv.ledgerUrl()).hasToString("http://env:8081");
        assertThat(fromEnv.plannerUrl()).hasToString("http://file:8080");
        assertThat(fromEnv.tokenOrNull()).isEqualTo("from-env");
        Connection fromFlag = resolve(env, "--ledger-url", "http://flag:8081/", "--token", "from-flag");
        assertThat(fromFlag.ledgerUrl()).hasToString("http://flag:8081");
        assertThat(fromFlag.tokenOrNull()).isEqualTo("from-flag");
        assertThat(new S3Options().resolve(env, fromEnv.file()).endpoint()).hasToString("http://file:9000");
        assertThat(new S3Options().resolve(env, fromEnv.file()).pathStyle()).isTrue();
        assertThat(new S3Options()
                        .resolve(Map.of("AWS_ENDPOINT_URL_S3", "http://env:9000"), fromEnv.file())
                        .endpoint())
                .hasToString("http://env:9000");
    }

    @Test
    void aMissingSettingNamesItsFlagVariableAndFileKey(@TempDir Path home) {
        Connection c = resolve(Map.of("HOME", home.toString()));
        assertThatThrownBy(c::ledgerUrl)
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--ledger-url")
                .hasMessageContaining("CAIRN_LEDGER_URL")
                .hasMessageContaining("ledger_url");
        assertThat(c.tokenOrNull()).isNull();
        assertThatThrownBy(() -> resolve(Map.of("HOME", home.toString()), "--ledger-url", "localhost:8081")
                        .ledgerUrl())
                .hasMessageContaining("--ledger-url");
    }

    @Test
    void anUnknownKeyOrAMissingExplicitFileIsRefused(@TempDir Path home) throws Exception {
        Path file = home.resolve("cairn.yaml");
        Files.writeString(file, "ledger_ulr: http://typo:8081\n");
        assertThatThrownBy(() -> resolve(Map.of("CAIRN_CONFIG", file.toString())))
                .hasMessageContaining("ledger_ulr")
                .hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> resolve(
                        Map.of(), "--cairn-config", home.resolve("none.yaml").toString()))
                .hasMessageContaining("--cairn-config");
    }
}
