package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's help shows examples; the launcher and the Dockerfile point at the jar the build makes. */
class HelpAndPackagingTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "emit", "plan", "config-list", "wait", "status", "declare", "backup", "run"})
    void helpShowsExamples(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = command.isEmpty() ? List.of("--help") : List.of(command, "--help");
        int exit = Cairn.run(
                args.toArray(String[]::new),
                new CliContext(
                        Map.of(),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true),
                        new PrintStream(new ByteArrayOutputStream()),
                        false));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Examples:", "cairn " + command);
    }

    @Test
    void unknownCommandsAndFlagsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(
                Map.of(),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true),
                false);
        assertThat(Cairn.run(new String[] {"emit", "completed", "--colour", "red"}, ctx))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--colour");
        assertThat(Cairn.run(new String[] {}, ctx)).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void onlyTheCommandNamedFirstIsBuilt() {
        CliContext ctx = new CliContext(
                Map.of(),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                false);
        List<String> all = List.of("emit", "plan", "config-list", "wait", "status", "declare", "backup", "run");
        assertThat(Cairn.commandLine(ctx, "backup").getSubcommands()).containsOnlyKeys("backup");
        assertThat(Cairn.commandLine(ctx, "run").getSubcommands().get("run").getSubcommands())
                .containsOnlyKeys("start", "items", "remaining", "finish");
        for (String first : new String[] {null, "--help", "--version", "bakup"}) {
            assertThat(Cairn.commandLine(ctx, first).getSubcommands()).containsOnlyKeys(all);
        }
    }

    @Test
    void launcherAndDockerfileUseTheShadedJar() throws Exception {
        Path launcher = Path.of("bin", "cairn");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).contains("../target/cairn.jar", "../lib/cairn.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>cairn</finalName>");
        // checked offline: no Docker engine on the build machines
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile)
                .contains("COPY --from=build /src/cli/target/cairn.jar /opt/cairn/lib/cairn.jar")
                .contains("COPY --from=build /src/cli/bin/cairn /opt/cairn/bin/cairn")
                .contains("-pl cli -am package")
                .contains("ENTRYPOINT [\"cairn\"]");
        assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM "))).hasSize(2);
    }
}
