package dev.cairn.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The token rules without a running service, including "prod refuses to start without a token" (the packaged
 * ledger's {@code ProdAuthIT} shows the same refusal from a real process).
 */
class ApiTokensTest {

    @Test
    void prodRefusesToStartWithoutAToken() {
        ApiTokens none = new ApiTokens(Optional.empty(), false);
        assertThatThrownBy(() -> none.requireConfiguredIn(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cairn.auth.tokens")
                .hasMessageContaining("CAIRN_AUTH_TOKENS")
                .hasMessageContaining("cairn.auth.disabled=true");
        ApiTokens blank = new ApiTokens(Optional.of(List.of(" ", "")), false);
        assertThatThrownBy(() -> blank.requireConfiguredIn(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void prodStartsWithATokenOrWithAuthDisabledOnPurpose() {
        assertThatCode(() -> new ApiTokens(Optional.of(List.of("t")), false).requireConfiguredIn(true))
                .doesNotThrowAnyException();
        assertThatCode(() -> new ApiTokens(Optional.empty(), true).requireConfiguredIn(true))
                .doesNotThrowAnyException();
    }

    @Test
    void outsideProdNoTokenIsNeeded() {
        assertThatCode(() -> new ApiTokens(Optional.empty(), false).requireConfiguredIn(false))
                .doesNotThrowAnyException();
    }

    @Test
    void tokensAreEnforcedOnlyWhenConfiguredAndNotDisabled() {
        assertThat(new ApiTokens(Optional.of(List.of("t")), false).enforced()).isTrue();
        assertThat(new ApiTokens(Optional.of(List.of("t")), true).enforced()).isFalse();
        assertThat(new ApiTokens(Optional.empty(), false).enforced()).isFalse();
    }

    @Test
    void onlyAConfiguredTokenIsAcceptedWhitespaceAroundItIgnored() {
        ApiTokens tokens = new ApiTokens(Optional.of(List.of(" alpha ", "beta")), false);
        assertThat(tokens.accepts("alpha")).isTrue();
        assertThat(tokens.accepts("beta")).isTrue();
        assertThat(tokens.accepts("alph")).isFalse();
        assertThat(tokens.accepts("alphabeta")).isFalse();
        assertThat(tokens.accepts("")).isFalse();
    }
}
