package dev.cairn.service.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Bearer-token auth on {@code /api}: which tokens are accepted, or none on purpose. */
@ConfigMapping(prefix = "cairn.auth")
public interface AuthConfig {

    /** Accepted tokens (comma-separated; env {@code CAIRN_AUTH_TOKENS}). When set, every /api call needs one. */
    Optional<List<String>> tokens();

    /** Runs without auth in prod on purpose. Without it, prod refuses to start with no tokens. */
    @WithDefault("false")
    boolean disabled();
}
