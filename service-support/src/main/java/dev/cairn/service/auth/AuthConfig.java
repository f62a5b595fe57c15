package dev.cairn.service.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Bearer-token auth: which tokens are accepted with which scope, or none on purpose. */
@ConfigMapping(prefix = "cairn.auth")
public interface AuthConfig {

    /**
     * Accepted tokens, comma-separated {@code name:scope:token} entries (env {@code CAIRN_AUTH_TOKENS}); a bare token
     * is a deprecated {@code admin} token. When set, every endpoint but health, metrics and OpenAPI needs one.
     */
    Optional<List<String>> tokens();

    /** Runs without auth on purpose. Without it, every profile but {@code test} refuses to start with no tokens. */
    @WithDefault("false")
    boolean disabled();
}
