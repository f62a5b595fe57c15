package dev.cairn.service.auth;

/**
 * One configured token: its {@code name} (logged; the value never is), its {@link Scope}, and the SHA-256 of its
 * value (compared in constant time, whatever the presented token's length).
 */
public record ApiToken(String name, Scope scope, byte[] digest) {

    @Override
    public String toString() {
        return name + ":" + scope.label();
    }
}
