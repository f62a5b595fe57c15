package dev.cairn.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The token rules without a running service: entries, scopes, refused tokens, "no token, no start outside the test
 * profile" (the packaged ledger's {@code ProdAuthIT} shows the same refusal from a real process).
 */
class ApiTokensTest {

    static final String LONG = "0123456789abcdef0123";

    static ApiTokens of(String... entries) {
        return new ApiTokens(Optional.of(List.of(entries)), false);
    }

    static Optional<ApiToken> who(ApiTokens tokens, String... headers) {
        return tokens.authenticate(List.of(headers)).token();
    }

    @Test
    void outsideTheTestProfileNoTokenMeansNoStart() {
        ApiTokens none = new ApiTokens(Optional.empty(), false);
        assertThatThrownBy(() -> none.requireConfiguredIn(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cairn.auth.tokens")
                .hasMessageContaining("CAIRN_AUTH_TOKENS")
                .hasMessageContaining("cairn.auth.disabled=true");
        ApiTokens blank = of(" ", "");
        assertThatThrownBy(() -> blank.requireConfiguredIn(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServiceStartsWithATokenOrWithAuthDisabledOnPurpose() {
        assertThatCode(() -> of("argo:emit:" + LONG).requireConfiguredIn(true)).doesNotThrowAnyException();
        assertThatCode(() -> new ApiTokens(Optional.empty(), true).requireConfiguredIn(true))
                .doesNotThrowAnyException();
        assertThat(new ApiTokens(Optional.empty(), true).describe()).contains("DISABLED");
    }

    @Test
    void theTestProfileNeedsNoToken() {
        assertThatCode(() -> new ApiTokens(Optional.empty(), false).requireConfiguredIn(false))
                .doesNotThrowAnyException();
    }

    @Test
    void tokensAreEnforcedOnlyWhenConfiguredAndNotDisabled() {
        assertThat(of("a:read:" + LONG).enforced()).isTrue();
        assertThat(new ApiTokens(Optional.of(List.of("a:read:" + LONG)), true).enforced())
                .isFalse();
        assertThat(new ApiTokens(Optional.empty(), false).enforced()).isFalse();
    }

    @Test
    void entriesNameAScopeABareTokenIsADeprecatedAdminToken() {
        ApiTokens tokens =
                of("argo:emit:" + LONG, " " + LONG + "-bare ", "ops:admin:" + LONG + "-ops", "dash:read:a:b:" + LONG);
        assertThat(who(tokens, "Bearer " + LONG).map(ApiToken::toString)).contains("argo:emit");
        assertThat(who(tokens, "Bearer " + LONG + "-bare").map(ApiToken::toString))
                .contains("legacy-1:admin");
        assertThat(who(tokens, "bearer " + LONG + "-ops").map(ApiToken::toString))
                .contains("ops:admin");
        assertThat(who(tokens, "Bearer a:b:" + LONG).map(ApiToken::toString)).contains("dash:read");
        assertThat(tokens.legacyCount()).isEqualTo(1);
        assertThat(tokens.describe()).contains("argo:emit", "legacy-1:admin").doesNotContain(LONG);
    }

    @Test
    void onlyTheExactTokenInOneHeaderIsAccepted() {
        ApiTokens tokens = of("a:read:" + LONG);
        String flipped = LONG.substring(0, 5) + 'X' + LONG.substring(6);
        for (String header : List.of(
                "Bearer " + flipped,
                "Bearer x" + LONG,
                "Bearer " + LONG + "x",
                "Bearer " + LONG.substring(1),
                "Bearer",
                "Bearer ",
                LONG,
                "Basic " + LONG,
                "Bearer " + LONG + " " + LONG)) {
            assertThat(who(tokens, header)).as(header).isEmpty();
        }
        assertThat(who(tokens, "Bearer " + LONG, "Bearer " + LONG)).isEmpty();
        assertThat(tokens.authenticate(List.of()).refusal()).contains("needs 'Authorization: Bearer <token>'");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "short-token|shorter than 16 characters",
                "a:read:short-token|token 'a' is shorter than 16",
                "change-me-argo-token|placeholder (contains 'change-me')",
                "a:emit:CHANGEME-0123456789|placeholder (contains 'changeme')",
                "a:admin:my-secret-0123456789|placeholder (contains 'secret')",
                "a:write:0123456789abcdef0123|scope must be read, emit or admin",
                "a:0123456789abcdef0123|expected name:scope:token",
                "../x:read:0123456789abcdef0123|entry 1: the name",
                "a:read:0123456789 abcdef0123|outside printable ASCII"
            })
    void badEntriesStopStartUpInEveryProfileWithoutShowingTheToken(String entry, String why) {
        assertThatThrownBy(() -> of(entry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entry 1")
                .hasMessageContaining(why)
                .hasMessageNotContaining(entry.substring(entry.lastIndexOf(':') + 1));
    }

    @Test
    void aNameIsUsedOnce() {
        assertThatThrownBy(() -> of("a:read:" + LONG, "a:admin:" + LONG + "x"))
                .hasMessageContaining("entry 2")
                .hasMessageContaining("'a' is used twice");
    }

    @Test
    void scopesIncludeTheLowerOnes() {
        assertThat(Scope.ADMIN.includes(Scope.EMIT)).isTrue();
        assertThat(Scope.EMIT.includes(Scope.READ)).isTrue();
        assertThat(Scope.EMIT.includes(Scope.ADMIN)).isFalse();
        assertThat(Scope.READ.includes(Scope.EMIT)).isFalse();
    }

    @Test
    void anotherServiceIsCalledWithTheSecretOfTheFirstEntryNeverItsNameOrScope() {
        AuthConfig scoped =
                config(Optional.of(List.of(" ops:admin:0123456789abcdef-ops", "ci:read:0123456789abcdef-ci")));
        AuthConfig bare = config(Optional.of(List.of("0123456789abcdef-bare")));
        assertThat(ApiTokens.firstSecret(scoped)).contains("0123456789abcdef-ops");
        assertThat(ApiTokens.firstSecret(bare)).contains("0123456789abcdef-bare");
        assertThat(ApiTokens.firstSecret(config(Optional.empty()))).isEmpty();
    }

    private static AuthConfig config(Optional<List<String>> tokens) {
        return new AuthConfig() {
            @Override
            public Optional<List<String>> tokens() {
                return tokens;
            }

            @Override
            public boolean disabled() {
                return false;
            }
        };
    }
}
