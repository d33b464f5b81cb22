package io.jloadgen.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's sealing and the server's opening of iperf3's token agree, for both paddings, and only for the same one. */
class AuthTokenTest {
    private static final KeyPair PAIR = pair();

    private static KeyPair pair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024); // small and quick; the sizes below follow from it
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "pkcs1={0}")
    @ValueSource(booleans = {false, true})
    void aSealedTokenOpensWithTheSamePaddingOnly(boolean pkcs1) throws Exception {
        AuthToken token = new AuthToken("alice", "s3cret", 1_700_000_000L);
        String sealed = token.seal((RSAPublicKey) PAIR.getPublic(), pkcs1);
        assertThat(Base64.getDecoder().decode(sealed)).hasSize(128);
        assertThat(sealed).doesNotContain("\n");
        assertThat(AuthToken.decrypt(sealed, (RSAPrivateKey) PAIR.getPrivate(), pkcs1)).isEqualTo(token);
        assertThatThrownBy(() -> AuthToken.decrypt(sealed, (RSAPrivateKey) PAIR.getPrivate(), !pkcs1))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("does not decrypt");
    }

    @Test
    void aTokenTooLongForOneBlockIsRefusedBeforeEncrypting() {
        // 1024-bit key, OAEP: 128 - 42 = 86 bytes; the labels take 20, the time 10, "alice" 5
        String fits = "p".repeat(86 - 20 - 10 - 5);
        new AuthToken("alice", fits, 1_700_000_000L).seal((RSAPublicKey) PAIR.getPublic(), false);
        assertThatThrownBy(() -> new AuthToken("alice", fits + "p", 1_700_000_000L).seal((RSAPublicKey) PAIR.getPublic(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user name and password too long for a 1024-bit key: the token's 87 bytes exceed the 86 one RSA block holds");
    }
}
