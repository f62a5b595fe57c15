package dev.cairn.service.info;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /api/v1/info}: which service, which version, built when, from which commit . */
@Path("/api/v1/info")
public class InfoResource {

    public record Info(
            String service, String version, String buildTime, String gitCommit, boolean gitDirty, String java) {}

    private final Info info;

    InfoResource(@ConfigProperty(name = "quarkus.application.name") String service) {
        Properties build = new Properties();
        try (InputStream in =
                Thread.currentThread().getContextClassLoader().getResourceAsStream("cairn-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // reported as "unknown" below
        }
        this.info = new Info(
                service,
                build.getProperty("git.build.version", "unknown"),
                build.getProperty("git.build.time", "unknown"),
                build.getProperty("git.commit.id.full", build.getProperty("git.commit.id", "unknown")),
                Boolean.parseBoolean(build.getProperty("git.dirty", "false")),
                System.getProperty("java.version"));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Info info() {
        return info;
    }
}
