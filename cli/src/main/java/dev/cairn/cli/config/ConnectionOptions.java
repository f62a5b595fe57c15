package dev.cairn.cli.config;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Cairn is: flags shared by the commands that talk to it. Each is looked up as the flag, else the environment
 * variable, else the settings file ({@link ConfigFile}).
 */
public class ConnectionOptions {

    @Option(
            names = "--ledger-url",
            paramLabel = "URL",
            description = "ledger-service base URL (else CAIRN_LEDGER_URL, else ledger_url in the settings file)")
    String ledgerUrl;

    @Option(
            names = "--planner-url",
            paramLabel = "URL",
            description = "planner-service base URL (else CAIRN_PLANNER_URL, else planner_url)")
    String plannerUrl;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "bearer token of the Cairn services (else CAIRN_TOKEN, else token)")
    String token;

    @Option(
            names = "--kafka-bootstrap-servers",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka brokers, for --via kafka and wait (else KAFKA_BOOTSTRAP_SERVERS, else kafka_bootstrap_servers)")
    String kafkaBootstrapServers;

    @Option(
            names = "--cairn-config",
            paramLabel = "FILE",
            description = "settings file (else CAIRN_CONFIG, else ~/.config/cairn/config.yaml when it exists)")
    String cairnConfig;

    @Option(
            names = "--retry-for",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = Durations.class,
            description =
                    "how long to retry an unreachable service before giving up with exit code 3 (default: ${DEFAULT-VALUE})")
    Duration retryFor;

    /** The settings as given by the flags, the environment {@code env} and the settings file. */
    public Connection resolve(Map<String, String> env) {
        ConfigFile file = ConfigFile.locate(cairnConfig, env);
        return new Connection(
                file,
                Setting.resolve("--ledger-url", ledgerUrl, "CAIRN_LEDGER_URL", "ledger_url", env, file),
                Setting.resolve("--planner-url", plannerUrl, "CAIRN_PLANNER_URL", "planner_url", env, file),
                Setting.resolve("--token", token, "CAIRN_TOKEN", "token", env, file),
                Setting.resolve(
                        "--kafka-bootstrap-servers",
                        kafkaBootstrapServers,
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "kafka_bootstrap_servers",
                        env,
                        file),
                retryFor);
    }
}
