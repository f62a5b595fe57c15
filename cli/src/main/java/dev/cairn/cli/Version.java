package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code cairn --version}: the build's version and git commit (resources written by the build). */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        for (String resource : new String[] {"/cairn-cli.properties", "/cairn-build.properties"}) {
            try (InputStream in = Version.class.getResourceAsStream(resource)) {
                if (in != null) {
                    p.load(in);
                }
            }
        }
        return new String[] {
            "cairn " + p.getProperty("version", "unknown") + " (commit "
                    + p.getProperty("git.commit.id.abbrev", "unknown")
                    + ", built " + p.getProperty("git.build.time", "unknown") + "), Java "
                    + System.getProperty("java.version")
        };
    }
}
